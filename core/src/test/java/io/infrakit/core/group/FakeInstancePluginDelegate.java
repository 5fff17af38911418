package io.infrakit.core.group;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;

import java.util.List;
import java.util.Map;

/** Forwards every call to another instance plugin (to add interfaces in tests). */
class FakeInstancePluginDelegate implements InstancePlugin {
    private final InstancePlugin inner;

    FakeInstancePluginDelegate(InstancePlugin inner) {
        this.inner = inner;
    }

    public void validate(JsonNode properties) {
        inner.validate(properties);
    }

    public String provision(InstanceSpec spec) {
        return inner.provision(spec);
    }

    public void label(String instanceId, Map<String, String> labels) {
        inner.label(instanceId, labels);
    }

    public void destroy(String instanceId, DestroyContext context) {
        inner.destroy(instanceId, context);
    }

    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        return inner.describeInstances(tags, properties);
    }
}

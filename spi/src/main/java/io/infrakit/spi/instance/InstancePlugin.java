package io.infrakit.spi.instance;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;

import java.util.List;
import java.util.Map;

/**
 * Instance/0.6.1: creates and removes one kind of resource on one provider and lists what exists
 * by tags. It knows nothing of groups. Failures are thrown as {@link PluginException}.
 */
public interface InstancePlugin {

    /** Checks the plugin's own {@code Properties}; throws naming the bad field and the fix. */
    void validate(JsonNode properties);

    /** Creates one instance and returns its ID. */
    String provision(InstanceSpec spec);

    /** Merges {@code labels} into the instance's tags. */
    void label(String instanceId, Map<String, String> labels);

    /** Removes the instance. */
    void destroy(String instanceId, DestroyContext context);

    /**
     * The instances whose tags contain all of {@code tags}. With {@code properties} false the
     * plugin should leave {@code Properties} out: it is how a controller keeps polling cheap.
     */
    List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties);
}

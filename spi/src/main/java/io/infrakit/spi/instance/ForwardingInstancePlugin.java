package io.infrakit.spi.instance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * An instance plugin that passes every call on to {@link #delegate()}: the base of wrappers that
 * add or hide an interface (an {@link InstanceChangeSource}, say) or watch some calls, so that each
 * overrides only what it changes and none forgets a method.
 */
public interface ForwardingInstancePlugin extends InstancePlugin {

    /** The plugin the calls go to. */
    InstancePlugin delegate();

    @Override
    default void validate(JsonNode properties) {
        delegate().validate(properties);
    }

    @Override
    default String provision(InstanceSpec spec) {
        return delegate().provision(spec);
    }

    @Override
    default void label(String instanceId, Map<String, String> labels) {
        delegate().label(instanceId, labels);
    }

    @Override
    default void destroy(String instanceId, DestroyContext context) {
        delegate().destroy(instanceId, context);
    }

    @Override
    default List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        return delegate().describeInstances(tags, properties);
    }
}

package io.infrakit.bench;

import io.infrakit.rpc.WireJson;
import io.infrakit.spi.group.GroupSpec;

import java.io.UncheckedIOException;

/** Group specs the scenarios commit: the simulator tutorial group, sized and optionally with a Policy. */
public final class Specs {

    private Specs() {
    }

    /**
     * @param version goes into Instance.Properties: changing it changes the config hash (a rolling update)
     * @param policy  the JSON of the Policy section, or null for none
     */
    public static GroupSpec group(String id, int size, String version, String policy) {
        String json = """
                {"ID":"%s","Properties":{"Allocation":{"Size":%d},
                 "Instance":{"Plugin":"simulator/compute","Properties":{"image":"%s"}},
                 "Flavor":{"Plugin":"vanilla","Properties":{"Init":["echo hi"],"Tags":{"bench":"yes"}}}%s}}"""
                .formatted(id, size, version, policy == null ? "" : ",\"Policy\":" + policy);
        try {
            return WireJson.mapper().readValue(json, GroupSpec.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GroupSpec group(String id, int size) {
        return group(id, size, "v1", null);
    }
}

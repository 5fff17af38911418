package io.infrakit.terraform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;

/**
 * The managed resources of one working directory's state, by address ({@code TYPE.NAME}), read
 * from {@code terraform show -json}: {@code values.root_module.resources[]} with mode {@code managed}.
 */
record StateSnapshot(Map<String, JsonNode> resources) {

    static final StateSnapshot EMPTY = new StateSnapshot(Map.of());

    static StateSnapshot parse(JsonNode show) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode r : show.path("values").path("root_module").path("resources")) {
            if ("managed".equals(r.path("mode").asText())) {
                out.put(r.path("address").asText(), r);
            }
        }
        return new StateSnapshot(Map.copyOf(out));
    }

    boolean has(String address) {
        return resources.containsKey(address);
    }
}

package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.core.spec.ConfigHash;
import io.infrakit.core.manager.ManagerApi;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.WireJson;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.client.SimpleUnixHttp;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.group.PluginSpec;
import io.infrakit.spi.instance.InstanceDescription;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of groups as {@code infrakit get instances} shows them: STATUS from the member's
 * tags (Running, Outdated while a rolling update has yet to replace it, Initializing, InitFailed),
 * HEALTH as the group's flavor judges it now, and since when the member exists (its PROVISIONED
 * event). Asking the flavor is one call per member over its socket.
 */
final class InstanceRows implements AutoCloseable {

    /** One member; {@link #json()} is what {@code -o json} prints for it. */
    record Row(String group, JsonNode instance, String status, String health, Instant since) {
        String id() {
            return instance.path("ID").asText();
        }

        String logicalId() {
            return instance.path("LogicalID").isTextual() ? instance.path("LogicalID").asText() : "-";
        }

        String hash() {
            return instance.path("Tags").path(Tags.CONFIG_HASH).asText("");
        }

        ObjectNode json() {
            ObjectNode o = WireJson.mapper().createObjectNode().put("Group", group);
            o.setAll((ObjectNode) instance);
            o.put("Status", status).put("Health", health);
            if (since != null) {
                o.put("Since", since.toString());
            }
            return o;
        }
    }

    private final PluginRegistry plugins;
    private final boolean owned;

    InstanceRows(CliEnv env) {
        PluginRegistry daemons = env.caller().plugins();
        owned = daemons == null;
        if (owned) {
            plugins = new PluginRegistry(env.paths(), RpcInterfaces.standard(), Duration.ofSeconds(5), new SimpleUnixHttp());
            plugins.remote(env.remote());
        } else {
            // Run by the daemon for a thin client: its own registry calls the flavor in-process, not 1,000 times over a socket.
            plugins = daemons;
        }
    }

    /** The rows of one group, from its description, its events and (when {@code health}) its flavor. */
    List<Row> rows(GroupSpec spec, JsonNode description, List<ManagerApi.EventView> events, boolean health) {
        Map<String, Instant> provisioned = new HashMap<>();
        for (ManagerApi.EventView e : events) {
            if ("PROVISIONED".equals(e.type()) && e.instance() != null && e.time() != null) {
                try {
                    provisioned.put(e.instance(), instant(e.time()));
                } catch (RuntimeException ignored) {
                    // a time we cannot read shows no age
                }
            }
        }
        String expected = expectedHash(spec);
        JsonNode flavor = spec.properties() == null ? null : spec.properties().path("Flavor");
        List<Row> rows = new ArrayList<>();
        for (JsonNode i : description.path("Instances")) {
            String init = i.path("Tags").path(Tags.INIT_STATUS).asText("");
            String hash = i.path("Tags").path(Tags.CONFIG_HASH).asText("");
            String status = Tags.INIT_FAILED.equals(init) ? "InitFailed" : Tags.INIT_RUNNING.equals(init) ? "Initializing"
                    : expected != null && !hash.isEmpty() && !expected.equals(hash) ? "Outdated" : "Running";
            rows.add(new Row(spec.id(), i, status, health ? health(flavor, i) : "-", provisioned.get(i.path("ID").asText())));
        }
        return rows;
    }

    /**
     * {@link Instant#parse}, with the shape events are written in ({@code 2026-11-29T06:11:42.267302200Z})
     * read by hand: the formatter took half of {@code get instances} of 1,000 members.
     */
    static Instant instant(String text) {
        int n = text.length();
        if (n >= 20 && n <= 30 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(n - 1) == 'Z'
                && (n == 20 || text.charAt(19) == '.' && n > 21)) {
            try {
                int nanos = 0;
                for (int i = 20, scale = 100_000_000; i < n - 1; i++, scale /= 10) {
                    char c = text.charAt(i);
                    if (c < '0' || c > '9') {
                        return Instant.parse(text);
                    }
                    nanos += (c - '0') * scale;
                }
                long days = java.time.LocalDate.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 5, 7, 10),
                        Integer.parseInt(text, 8, 10, 10)).toEpochDay();
                int h = Integer.parseInt(text, 11, 13, 10);
                int m = Integer.parseInt(text, 14, 16, 10);
                int s = Integer.parseInt(text, 17, 19, 10);
                if (h > 23 || m > 59 || s > 59) {
                    return Instant.parse(text);
                }
                return Instant.ofEpochSecond(days * 86_400 + h * 3600L + m * 60L + s, nanos);
            } catch (RuntimeException e) {
                return Instant.parse(text);
            }
        }
        return Instant.parse(text);
    }

    private String health(JsonNode flavor, JsonNode instance) {
        String name = flavor == null ? "" : flavor.path("Plugin").asText("");
        if (name.isEmpty()) {
            return "Unknown";
        }
        try {
            Health h = plugins.flavor(name).healthy(flavor.path("Properties"), WireJson.mapper().treeToValue(instance, InstanceDescription.class));
            return switch (h) {
                case HEALTHY -> "Healthy";
                case UNHEALTHY -> "Unhealthy";
                case UNKNOWN -> "Unknown";
            };
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return "Unknown";
        }
    }

    private static String expectedHash(GroupSpec spec) {
        JsonNode p = spec.properties();
        if (p == null) {
            return null;
        }
        try {
            PluginSpec instance = WireJson.mapper().treeToValue(p.path("Instance"), PluginSpec.class);
            PluginSpec flavor = WireJson.mapper().treeToValue(p.path("Flavor"), PluginSpec.class);
            return ConfigHash.of(instance, flavor);
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (owned) {
            plugins.close();
        }
    }
}

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
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.group.PluginSpec;
import io.infrakit.spi.instance.InstanceDescription;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The members of groups as {@code infrakit get instances} shows them: STATUS from the member's
 * tags (Running, Outdated while a rolling update has yet to replace it, Initializing, InitFailed),
 * HEALTH as the group's flavor judges it now, and since when the member exists (its PROVISIONED
 * event). Asking the flavor is one call per member over its socket.
 */
final class InstanceRows implements AutoCloseable {

    /**
     * One member, as the description's JSON ({@code instance}, from a manager over its socket) or as the typed record
     * ({@code member}, in the daemon: no JSON tree per member unless {@link #json()} is asked for); both read alike.
     * {@link #json()} is what {@code -o json} prints for it.
     */
    record Row(String group, JsonNode instance, InstanceDescription member, String status, String health, Instant since) {
        String id() {
            if (instance == null) {
                return member.id() == null ? "null" : member.id(); // as a JSON null's asText()
            }
            return instance.path("ID").asText();
        }

        String logicalId() {
            if (instance == null) {
                return member.logicalId() == null ? "-" : member.logicalId();
            }
            return instance.path("LogicalID").isTextual() ? instance.path("LogicalID").asText() : "-";
        }

        String hash() {
            return instance == null ? tag(member, Tags.CONFIG_HASH) : instance.path("Tags").path(Tags.CONFIG_HASH).asText("");
        }

        /** The tags as {@code get instances -o wide} shows them: {@code name=value}, sorted by name, comma separated. */
        String tagsText() {
            Map<String, String> tags = new TreeMap<>();
            if (instance == null) {
                if (member.tags() != null) {
                    member.tags().forEach((k, v) -> tags.put(k, String.valueOf(v)));
                }
            } else {
                instance.path("Tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            }
            StringBuilder sb = new StringBuilder();
            tags.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ",").append(k).append('=').append(v));
            return sb.toString();
        }

        ObjectNode json() {
            ObjectNode o = WireJson.mapper().createObjectNode().put("Group", group);
            o.setAll((ObjectNode) (instance != null ? instance : WireJson.mapper().valueToTree(member)));
            o.put("Status", status).put("Health", health);
            if (since != null) {
                o.put("Since", since.toString());
            }
            return o;
        }
    }

    /** A tag's value, "" when absent or null (as {@code path(name).asText("")} reads the JSON). */
    private static String tag(InstanceDescription member, String name) {
        String v = member.tags() == null ? null : member.tags().get(name);
        return v == null ? "" : v;
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
        Map<String, Instant> provisioned = provisioned(events);
        String expected = expectedHash(spec);
        JsonNode flavor = spec.properties() == null ? null : spec.properties().path("Flavor");
        List<Row> rows = new ArrayList<>();
        for (JsonNode i : description.path("Instances")) {
            String init = i.path("Tags").path(Tags.INIT_STATUS).asText("");
            String hash = i.path("Tags").path(Tags.CONFIG_HASH).asText("");
            String h;
            try {
                h = health ? health(flavor, WireJson.mapper().treeToValue(i, InstanceDescription.class)) : "-";
            } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
                h = "Unknown";
            }
            rows.add(new Row(spec.id(), i, null, status(init, hash, expected), h, provisioned.get(i.path("ID").asText())));
        }
        return rows;
    }

    /**
     * The same rows from the typed description (in the daemon, see {@link ManagerClient#describeInProcess}), read as
     * {@link #rows(GroupSpec, JsonNode, List, boolean)} reads its JSON: no tree per member, no tree back to a record
     * for the flavor, and the provisioning times as the events hold them (not written as text and read back).
     */
    List<Row> rows(GroupSpec spec, GroupDescription description, Map<String, Instant> provisioned, boolean health) {
        String expected = expectedHash(spec);
        JsonNode flavor = spec.properties() == null ? null : spec.properties().path("Flavor");
        List<Row> rows = new ArrayList<>();
        for (InstanceDescription i : description.instances()) {
            String id = i.id() == null ? "null" : i.id(); // as a JSON null's asText()
            rows.add(new Row(spec.id(), null, i, status(tag(i, Tags.INIT_STATUS), tag(i, Tags.CONFIG_HASH), expected),
                    health ? health(flavor, i) : "-", provisioned.get(id)));
        }
        return rows;
    }

    private static String status(String init, String hash, String expected) {
        return Tags.INIT_FAILED.equals(init) ? "InitFailed" : Tags.INIT_RUNNING.equals(init) ? "Initializing"
                : expected != null && !hash.isEmpty() && !expected.equals(hash) ? "Outdated" : "Running";
    }

    /** When each instance was provisioned, from the group's PROVISIONED events. */
    static Map<String, Instant> provisioned(List<ManagerApi.EventView> events) {
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
        return provisioned;
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

    private String health(JsonNode flavor, InstanceDescription instance) {
        String name = flavor == null ? "" : flavor.path("Plugin").asText("");
        if (name.isEmpty()) {
            return "Unknown";
        }
        try {
            Health h = plugins.flavor(name).healthy(flavor.path("Properties"), instance);
            return switch (h) {
                case HEALTHY -> "Healthy";
                case UNHEALTHY -> "Unhealthy";
                case UNKNOWN -> "Unknown";
            };
        } catch (RuntimeException e) {
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

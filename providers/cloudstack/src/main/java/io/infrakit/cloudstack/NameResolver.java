package io.infrakit.cloudstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Turns the names (or UUIDs) of zones, service offerings and templates into UUIDs, asking
 * CloudStack once per value and keeping the answer for the plugin's life: a group of 50 VMs
 * costs three lookups, not 150. A UUID is looked up too (by {@code id=}) so that a wrong one is
 * reported by Validate rather than by a failed deploy.
 */
public final class NameResolver {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** A kind of thing looked up: the list command, the key of its list in the answer, extra parameters. */
    public enum Kind {
        ZONE("Zone", "listZones", "zone", Map.of()),
        SERVICE_OFFERING("ServiceOffering", "listServiceOfferings", "serviceoffering", Map.of()),
        TEMPLATE("Template", "listTemplates", "template", Map.of("templatefilter", "executable"));

        final String field;
        final String command;
        final String listKey;
        final Map<String, String> extra;

        Kind(String field, String command, String listKey, Map<String, String> extra) {
            this.field = field;
            this.command = command;
            this.listKey = listKey;
            this.extra = extra;
        }
    }

    private final CloudStackClient client;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public NameResolver(CloudStackClient client) {
        this.client = client;
    }

    /** The UUID of {@code value} (a name or UUID) of {@code kind}; {@code zoneId} narrows templates (null for others). */
    public String resolve(Kind kind, String value, String zoneId) {
        String key = kind + "/" + value + "/" + (zoneId == null ? "" : zoneId);
        String hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        boolean byId = UUID.matcher(value).matches();
        Map<String, String> params = new LinkedHashMap<>(kind.extra);
        params.put(byId ? "id" : "name", value);
        if (kind == Kind.TEMPLATE && zoneId != null) {
            params.put("zoneid", zoneId);
        }
        JsonNode answer = client.get(kind.command, params);
        for (JsonNode item : answer.path(kind.listKey)) {
            // name= may match loosely on some versions: keep only the exact match.
            if (byId ? value.equalsIgnoreCase(item.path("id").asText()) : value.equals(item.path("name").asText())) {
                String id = item.path("id").asText();
                cache.put(key, id);
                return id;
            }
        }
        throw new PluginException("cloudstack: " + kind.field + " '" + value + "' does not exist (no " + kind.listKey
                + " with that " + (byId ? "id" : "name") + (zoneId != null && kind == Kind.TEMPLATE ? " in zone " + zoneId : "")
                + known(kind, zoneId) + "); fix Properties." + kind.field);
    }

    /** A few existing names, to help fix a typo. */
    private String known(Kind kind, String zoneId) {
        Map<String, String> params = new LinkedHashMap<>(kind.extra);
        if (kind == Kind.TEMPLATE && zoneId != null) {
            params.put("zoneid", zoneId);
        }
        params.put("pagesize", "10");
        params.put("page", "1");
        List<String> names = new ArrayList<>();
        try {
            for (JsonNode item : client.get(kind.command, params).path(kind.listKey)) {
                names.add(item.path("name").asText());
            }
        } catch (PluginException e) {
            return "";
        }
        return names.isEmpty() ? "; there are none" : "; some that exist: " + String.join(", ", names);
    }
}

package io.infrakit.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compute Engine's JSON for the fake ({@link FakeCompute}): error bodies as Google's APIs write
 * them, the {@code filter} grammar the plugin uses ({@code (labels.KEY = "VALUE") AND ...}), and
 * partial answers for a field mask ({@code items(name,labels,status),nextPageToken}).
 */
final class FakeComputeJson {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TERM = Pattern.compile("\\(?\\s*labels\\.([a-z][a-z0-9_-]*)\\s*=\\s*\"?([a-z0-9_-]*)\"?\\s*\\)?");
    private static final Pattern ITEMS_MASK = Pattern.compile("items\\(([^)]*)\\)");

    private FakeComputeJson() {
    }

    /** A refusal: HTTP status, Google's reason and message. */
    static final class ApiError extends RuntimeException {
        final int status;
        final String reason;

        ApiError(int status, String reason, String message) {
            super(message);
            this.status = status;
            this.reason = reason;
        }

        String body() {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode error = root.putObject("error");
            error.put("code", status);
            error.put("message", getMessage());
            ObjectNode first = error.putArray("errors").addObject();
            first.put("message", getMessage());
            first.put("domain", reason.contains("RateLimit") || reason.contains("rateLimit") ? "usageLimits" : "global");
            first.put("reason", reason);
            return root.toString();
        }
    }

    static ApiError rateLimited() {
        return new ApiError(403, "rateLimitExceeded", "Rate Limit Exceeded");
    }

    /** The wanted labels of a filter; anything else is refused as Compute Engine refuses a bad filter. */
    static Map<String, String> labelFilter(String filter) {
        Map<String, String> out = new LinkedHashMap<>();
        if (filter == null || filter.isBlank()) {
            return out;
        }
        for (String term : filter.split(" AND ")) {
            Matcher m = TERM.matcher(term.trim());
            if (!m.matches()) {
                throw new ApiError(400, "invalid", "Invalid value for field 'filter': '" + filter + "'. Invalid list filter expression.");
            }
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** An instance cut to the fields of a mask's {@code items(...)}; the whole instance without a mask. */
    static JsonNode masked(ObjectNode vm, String mask) {
        if (mask == null) {
            return vm;
        }
        Matcher m = ITEMS_MASK.matcher(mask);
        if (!m.find()) {
            return vm;
        }
        ObjectNode out = JSON.createObjectNode();
        for (String f : m.group(1).split(",")) {
            JsonNode v = vm.get(f.trim());
            if (v != null) {
                out.set(f.trim(), v);
            }
        }
        return out;
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }
}

package io.infrakit.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.GoDuration;
import io.infrakit.spi.PluginException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Collects what is wrong with a controller spec, each problem naming its field
 * ({@code properties[0].Routes[1].LoadBalancerPort}), so that one refusal lists them all.
 */
public final class SpecProblems {

    private final String kind;
    private final List<String> problems = new ArrayList<>();

    public SpecProblems(String kind) {
        this.kind = kind;
    }

    public void add(String field, String text) {
        problems.add(field + ": " + text);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<String> all() {
        return List.copyOf(problems);
    }

    /** Refuses the spec when anything was found: one PluginException listing every problem. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new PluginException("the " + kind + " spec is refused, nothing changed: " + String.join("; ", problems));
        }
    }

    /** Adds a problem for each field of {@code node} not in {@code known}. */
    public void unknownFields(String where, JsonNode node, Set<String> known) {
        if (node == null || !node.isObject()) {
            return;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!known.contains(n)) {
                add(where + "." + n, "not a known field; known: " + new java.util.TreeSet<>(known));
            }
        }
    }

    /** A Go duration string ({@code 5s}) or nanoseconds; {@code fallback} when absent. */
    public Duration duration(String field, JsonNode n, Duration fallback, boolean positive) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return fallback;
        }
        Duration d;
        try {
            d = n.isNumber() ? Duration.ofNanos(n.asLong()) : GoDuration.parse(n.asText());
        } catch (IllegalArgumentException e) {
            add(field, "'" + n.asText() + "' is not a duration: write e.g. 5s, 500ms or 1m30s");
            return fallback;
        }
        if (d.isNegative() || (positive && d.isZero())) {
            add(field, "'" + n.asText() + "' must be more than 0, e.g. 5s");
            return fallback;
        }
        return d;
    }

    /** A whole number within [min, max], or {@code fallback} when absent. */
    public Integer integer(String field, JsonNode n, Integer fallback, int min, int max) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return fallback;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            add(field, "'" + n.asText() + "' is not a whole number");
            return fallback;
        }
        int v = n.asInt();
        if (v < min || v > max) {
            add(field, v + " is out of range: give " + min + " to " + max);
            return fallback;
        }
        return v;
    }
}

package io.infrakit.core.spec;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The shape of a group's {@code Policy.Autoscale}: what can be told at commit without asking
 * Prometheus. The autoscale plugin, not the group controller, carries the section out.
 */
final class AutoscalePolicyShape {

    /** Policy.Autoscale's fields; the autoscale plugin reads them (and checks the query and the schedules). */
    static final List<String> AUTOSCALE_FIELDS = List.of("Query", "Target", "Average", "Min", "Max", "MaxStep", "ScaleOutCooldown",
            "ScaleInCooldown", "Interval", "Prometheus", "Schedules");

    /** Reads a duration field, reporting a bad one (PolicyResolver's rules). */
    interface Durations {
        Duration read(String field, String text, Duration dflt);
    }

    private final Consumer<String> problems;
    private final Durations durations;

    AutoscalePolicyShape(Consumer<String> problems, Durations durations) {
        this.problems = problems;
        this.durations = durations;
    }

    /** The shape of Policy.Autoscale: what can be told without asking Prometheus. */
    void check(JsonNode a) {
        if (a == null || a.isNull()) {
            return;
        }
        if (!a.isObject()) {
            problems.accept("Policy.Autoscale: expected {Query, Target, Min, Max, ...}, found " + a.getNodeType().name().toLowerCase());
            return;
        }
        a.fieldNames().forEachRemaining(f -> {
            if (!AUTOSCALE_FIELDS.contains(f)) {
                problems.accept("Policy.Autoscale." + f + " is not a known field (known fields: " + String.join(", ", AUTOSCALE_FIELDS) + ")");
            }
        });
        if (!a.path("Query").isTextual() || a.path("Query").asText().isBlank()) {
            problems.accept("Policy.Autoscale.Query is missing: give a PromQL expression of the group's demand,"
                    + " e.g. sum(rate(http_requests_total[1m]))");
        } else {
            String shape = PromQlShape.problem(a.path("Query").asText());
            if (shape != null) {
                problems.accept("Policy.Autoscale.Query '" + a.path("Query").asText() + "' does not parse: " + shape
                        + "; fix the PromQL (Prometheus' own parser judges the rest when the autoscaler runs it)");
            }
        }
        if (!a.path("Target").isNumber() || a.path("Target").asDouble() <= 0) {
            problems.accept("Policy.Autoscale.Target must be a number above 0: what one member should take, e.g. 100");
        }
        Integer min = whole(a, "Min", 0);
        Integer max = whole(a, "Max", 1);
        if (a.get("Min") == null || a.get("Max") == null) {
            problems.accept("Policy.Autoscale needs Min and Max: the sizes it stays within, e.g. Min: 2, Max: 10");
        }
        if (min != null && max != null && min > max) {
            problems.accept("Policy.Autoscale.Min " + min + " is above Max " + max + ": make Min at most Max");
        }
        whole(a, "MaxStep", 1);
        for (String f : List.of("ScaleOutCooldown", "ScaleInCooldown", "Interval")) {
            if (a.has(f)) {
                durations.read("Policy.Autoscale." + f, a.get(f).asText(), Duration.ZERO);
            }
        }
    }

    private Integer whole(JsonNode a, String field, int least) {
        JsonNode n = a.get(field);
        if (n == null) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < least) {
            problems.accept("Policy.Autoscale." + field + " '" + n.asText() + "' must be a whole number of at least " + least);
            return null;
        }
        return n.asInt();
    }
}

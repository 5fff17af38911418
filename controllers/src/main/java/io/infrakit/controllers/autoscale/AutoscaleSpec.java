package io.infrakit.controllers.autoscale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.controllers.GroupRef;
import io.infrakit.controllers.SpecProblems;
import io.infrakit.spi.controller.ControllerSpec;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@code kind: autoscale} spec: target tracking of one group on a PromQL expression.
 * {@code desired = ceil(value / Target)}: the query measures the whole group's demand (requests per
 * second) and {@code Target} is what one member should take. With {@code Average: true} the query
 * is the members' own average instead (CPU %, requests per member, from their own metrics) and
 * {@code desired = ceil(size * value / Target)}. The result is kept within
 * {@code [Min, Max]} (a schedule may raise Min), moves at most {@code MaxStep} per decision, and
 * waits {@code ScaleOutCooldown} after a scale-out, {@code ScaleInCooldown} after any change before
 * a scale-in. A query that fails or returns nothing never scales in.
 */
public record AutoscaleSpec(String name, GroupRef group, URI prometheus, String query, double target, boolean average,
                            int min, int max,
                            int maxStep, Duration scaleOutCooldown, Duration scaleInCooldown, Duration interval,
                            List<Schedule> schedules, String groupController) {

    /** A minimum size while a cron schedule is on: from each match, for {@code duration}. */
    public record Schedule(CronSchedule cron, Duration duration, int min) {
    }

    static final Set<String> FIELDS = Set.of("Group", "Prometheus", "Query", "Target", "Average", "Min", "Max", "MaxStep",
            "ScaleOutCooldown", "ScaleInCooldown", "Interval", "Schedules");
    private static final ObjectMapper JSON = new ObjectMapper();

    static AutoscaleSpec parse(ControllerSpec spec, SpecProblems p) {
        String name = spec.name();
        if (name == null || name.isBlank()) {
            p.add("metadata.name", "missing: name the autoscaler, e.g. web");
        }
        JsonNode props = spec.properties() == null ? JSON.createObjectNode() : spec.properties();
        p.unknownFields("properties", props, FIELDS);
        GroupRef group = null;
        String g = props.path("Group").asText("");
        if (g.isBlank()) {
            p.add("properties.Group", "missing: name the group to scale, e.g. group/web");
        } else {
            try {
                group = GroupRef.parse(g);
            } catch (IllegalArgumentException e) {
                p.add("properties.Group", e.getMessage());
            }
        }
        URI prometheus = null;
        String url = props.path("Prometheus").asText("http://127.0.0.1:9090");
        try {
            prometheus = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (!"http".equals(prometheus.getScheme()) && !"https".equals(prometheus.getScheme())) {
                throw new IllegalArgumentException("not http");
            }
        } catch (IllegalArgumentException e) {
            p.add("properties.Prometheus", "'" + url + "' is not an http(s) URL: give Prometheus' address, e.g. http://127.0.0.1:9090");
        }
        String query = props.path("Query").asText("");
        if (query.isBlank()) {
            p.add("properties.Query", "missing: give a PromQL expression of the group's demand, e.g. sum(rate(http_requests_total[1m]))");
        }
        double target = 0;
        JsonNode t = props.get("Target");
        if (t == null || !t.isNumber() || t.asDouble() <= 0) {
            p.add("properties.Target", (t == null ? "missing" : "'" + t.asText() + "' is not a number above 0")
                    + ": give what one member should take, e.g. 100 (requests per second)");
        } else {
            target = t.asDouble();
        }
        JsonNode avg = props.get("Average");
        if (avg != null && !avg.isBoolean()) {
            p.add("properties.Average", "'" + avg.asText() + "' is not true or false");
        }
        boolean average = avg != null && avg.asBoolean(false);
        Integer min = p.integer("properties.Min", props.get("Min"), null, 0, 100_000);
        Integer max = p.integer("properties.Max", props.get("Max"), null, 1, 100_000);
        if (props.get("Min") == null) {
            p.add("properties.Min", "missing: give the smallest size, e.g. 2");
        }
        if (props.get("Max") == null) {
            p.add("properties.Max", "missing: give the largest size, e.g. 10");
        }
        if (min != null && max != null && min > max) {
            p.add("properties.Min", min + " is above Max " + max + ": make Min at most Max");
        }
        int step = p.integer("properties.MaxStep", props.get("MaxStep"), 1, 1, 100_000);
        Duration out = p.duration("properties.ScaleOutCooldown", props.get("ScaleOutCooldown"), Duration.ofMinutes(1), false);
        Duration in = p.duration("properties.ScaleInCooldown", props.get("ScaleInCooldown"), Duration.ofMinutes(5), false);
        Duration interval = p.duration("properties.Interval", props.get("Interval"), Duration.ofSeconds(15), true);
        List<Schedule> schedules = new ArrayList<>();
        JsonNode ss = props.path("Schedules");
        for (int i = 0; i < ss.size(); i++) {
            String w = "properties.Schedules[" + i + "]";
            JsonNode s = ss.get(i);
            p.unknownFields(w, s, Set.of("Cron", "Duration", "Min"));
            CronSchedule cron = null;
            try {
                cron = CronSchedule.parse(s.path("Cron").asText(""));
            } catch (IllegalArgumentException e) {
                p.add(w + ".Cron", e.getMessage());
            }
            Duration d = p.duration(w + ".Duration", s.get("Duration"), Duration.ofHours(1), true);
            Integer smin = p.integer(w + ".Min", s.get("Min"), null, 0, 100_000);
            if (smin == null) {
                p.add(w + ".Min", "missing: give the minimum size while the schedule is on");
            } else if (max != null && smin > max) {
                p.add(w + ".Min", smin + " is above Max " + max + ": a schedule cannot raise the size above Max");
            }
            if (cron != null && smin != null) {
                schedules.add(new Schedule(cron, d, smin));
            }
        }
        return new AutoscaleSpec(name, group, prometheus, query, target, average, min == null ? 0 : min, max == null ? 0 : max,
                step, out, in, interval, List.copyOf(schedules), (spec.options() == null ? JSON.createObjectNode() : spec.options()).path("GroupController").asText("group-stateless"));
    }
}

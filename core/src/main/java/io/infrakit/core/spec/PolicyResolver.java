package io.infrakit.core.spec;

import io.infrakit.core.group.plan.GroupPolicy;
import io.infrakit.spi.GoDuration;
import io.infrakit.spi.group.GroupProperties;
import io.infrakit.spi.group.Policy;
import io.infrakit.spi.group.Updating;

import java.time.Duration;
import java.util.List;

/**
 * Resolves our {@code Policy} section and InfraKit's {@code Updating} against the defaults, adding a
 * problem (prefixed by {@code base}, e.g. {@code Properties}) for each bad value.
 */
final class PolicyResolver {

    static final List<String> POLICY_FIELDS = List.of("MaxSurge", "MaxUnavailable", "HealthyTimeout",
            "UnhealthyGrace", "MaxUnhealthy", "MaxInstances", "PollInterval", "ProvisionTimeout", "Autoscale");
    /** Policy.Autoscale's fields; the autoscale plugin reads them (and checks the query and the schedules). */
    static final List<String> AUTOSCALE_FIELDS = List.of("Query", "Target", "Average", "Min", "Max", "MaxStep", "ScaleOutCooldown",
            "ScaleInCooldown", "Interval", "Prometheus", "Schedules");

    private final String base;
    private final List<String> problems;

    PolicyResolver(String base, List<String> problems) {
        this.base = base;
        this.problems = problems;
    }

    private void problem(String text) {
        problems.add(base + "." + text);
    }

    GroupPolicy resolve(GroupProperties gp, boolean quorum, int desired) {
        GroupPolicy d = GroupPolicy.defaults(quorum);
        Updating u = gp.updating();
        Duration healthyDuration = duration("Updating.Duration", u.duration(), Duration.ZERO);
        if (u.count() < 0) {
            problem("Updating.Count is " + u.count() + ": it must be 0 or more healthy polls");
        }
        if (u.count() > 0 && healthyDuration.compareTo(Duration.ZERO) > 0) {
            problem("Updating has both Duration (" + u.duration() + ") and Count (" + u.count() + "); InfraKit"
                    + " allows one of them: keep Duration or Count");
        }
        String skip = u.skipBeforeInstanceDestroy();
        if (skip != null && !skip.isEmpty() && !skip.equals("drain")) {
            problem("Updating.SkipBeforeInstanceDestroy '" + skip + "' is not known; the only value is \"drain\"");
        }
        boolean drain = !"drain".equals(skip);

        Policy p = gp.policy() == null ? Policy.DEFAULTS : gp.policy();
        int maxSurge = p.maxSurge() == null ? d.maxSurge() : p.maxSurge();
        int maxUnavailable = p.maxUnavailable() == null ? d.maxUnavailable() : p.maxUnavailable();
        if (maxSurge < 0) {
            problem("Policy.MaxSurge " + maxSurge + " is negative; use 0 or more");
        }
        if (maxUnavailable < 0) {
            problem("Policy.MaxUnavailable " + maxUnavailable + " is negative; use 0 or more");
        }
        if (quorum && maxSurge > 0) {
            problem("Policy.MaxSurge " + maxSurge + " cannot be used with Allocation.LogicalIDs (one instance per"
                    + " logical ID); remove it or set 0, and use MaxUnavailable to pace the update");
        }
        Integer cap = p.maxInstances();
        if (cap != null && cap < 1) {
            problem("Policy.MaxInstances " + cap + " must be at least 1; remove it for no cap");
        } else if (cap != null && cap < desired) {
            problem("Policy.MaxInstances " + cap + " is below the group size " + desired
                    + "; raise Policy.MaxInstances or lower the size");
        }
        int effectiveSurge = cap == null ? maxSurge : Math.min(maxSurge, Math.max(0, cap - desired));
        if (maxSurge >= 0 && maxUnavailable >= 0 && effectiveSurge == 0 && maxUnavailable == 0) {
            problem("Policy.MaxSurge " + maxSurge + " and Policy.MaxUnavailable 0" + (cap != null && maxSurge > 0
                    ? " with Policy.MaxInstances " + cap : "") + " leave no room to replace a member during a rolling"
                    + " update; allow MaxSurge 1 or MaxUnavailable 1");
        }
        Duration healthyTimeout = positive("Policy.HealthyTimeout", p.healthyTimeout(), d.healthyTimeout());
        Duration grace = duration("Policy.UnhealthyGrace", p.unhealthyGrace(), d.unhealthyGrace());
        Duration poll = p.pollInterval() == null ? null
                : duration("Policy.PollInterval", p.pollInterval(), Duration.ofSeconds(10));
        if (poll != null && poll.compareTo(Duration.ofMillis(10)) < 0) {
            problem("Policy.PollInterval " + p.pollInterval() + " is too short; use 10ms or more (e.g. 10s)");
        }
        Duration provisionTimeout = positive("Policy.ProvisionTimeout", p.provisionTimeout(), d.provisionTimeout());
        GroupPolicy.Threshold maxUnhealthy = threshold(p.maxUnhealthy(), d.maxUnhealthy());
        autoscale(p.autoscale());
        return new GroupPolicy(maxSurge, maxUnavailable, healthyTimeout, grace, maxUnhealthy,
                cap == null ? 0 : cap, poll, provisionTimeout, Math.max(0, u.count()), healthyDuration, drain);
    }

    /** The shape of Policy.Autoscale: what can be told without asking Prometheus. */
    private void autoscale(com.fasterxml.jackson.databind.JsonNode a) {
        if (a == null || a.isNull()) {
            return;
        }
        if (!a.isObject()) {
            problem("Policy.Autoscale: expected {Query, Target, Min, Max, ...}, found " + a.getNodeType().name().toLowerCase());
            return;
        }
        a.fieldNames().forEachRemaining(f -> {
            if (!AUTOSCALE_FIELDS.contains(f)) {
                problem("Policy.Autoscale." + f + " is not a known field (known fields: " + String.join(", ", AUTOSCALE_FIELDS) + ")");
            }
        });
        if (!a.path("Query").isTextual() || a.path("Query").asText().isBlank()) {
            problem("Policy.Autoscale.Query is missing: give a PromQL expression of the group's demand,"
                    + " e.g. sum(rate(http_requests_total[1m]))");
        }
        if (!a.path("Target").isNumber() || a.path("Target").asDouble() <= 0) {
            problem("Policy.Autoscale.Target must be a number above 0: what one member should take, e.g. 100");
        }
        Integer min = whole(a, "Min", 0);
        Integer max = whole(a, "Max", 1);
        if (a.get("Min") == null || a.get("Max") == null) {
            problem("Policy.Autoscale needs Min and Max: the sizes it stays within, e.g. Min: 2, Max: 10");
        }
        if (min != null && max != null && min > max) {
            problem("Policy.Autoscale.Min " + min + " is above Max " + max + ": make Min at most Max");
        }
        whole(a, "MaxStep", 1);
        for (String f : List.of("ScaleOutCooldown", "ScaleInCooldown", "Interval")) {
            if (a.has(f)) {
                duration("Policy.Autoscale." + f, a.get(f).asText(), Duration.ZERO);
            }
        }
    }

    private Integer whole(com.fasterxml.jackson.databind.JsonNode a, String field, int least) {
        com.fasterxml.jackson.databind.JsonNode n = a.get(field);
        if (n == null) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < least) {
            problem("Policy.Autoscale." + field + " '" + n.asText() + "' must be a whole number of at least " + least);
            return null;
        }
        return n.asInt();
    }

    private Duration duration(String field, String text, Duration dflt) {
        if (text == null) {
            return dflt;
        }
        try {
            Duration d = GoDuration.parse(text);
            if (d.isNegative()) {
                problem(field + " '" + text + "' is negative; use a positive duration like 30s");
                return dflt;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(field + ": " + e.getMessage());
            return dflt;
        }
    }

    private Duration positive(String field, String text, Duration dflt) {
        Duration d = duration(field, text, dflt);
        if (text != null && d.isZero()) {
            problem(field + " '" + text + "' must be more than 0, e.g. 10m");
            return dflt;
        }
        return d;
    }

    private GroupPolicy.Threshold threshold(String text, GroupPolicy.Threshold dflt) {
        if (text == null) {
            return dflt;
        }
        String t = text.trim();
        try {
            if (t.endsWith("%")) {
                int v = Integer.parseInt(t.substring(0, t.length() - 1).trim());
                if (v < 0 || v > 100) {
                    throw new NumberFormatException();
                }
                return new GroupPolicy.Threshold(v, true);
            }
            int v = Integer.parseInt(t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return new GroupPolicy.Threshold(v, false);
        } catch (NumberFormatException e) {
            problem("Policy.MaxUnhealthy '" + text + "' is neither a count (e.g. 3) nor a percentage from 0% to"
                    + " 100% (e.g. 40%)");
            return dflt;
        }
    }
}

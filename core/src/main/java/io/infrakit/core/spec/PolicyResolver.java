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
            "UnhealthyGrace", "MaxUnhealthy", "MaxInstances", "PollInterval", "ProvisionTimeout", "Update", "ScaleDown",
            "MaxLifetime", "Autoscale");
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
        GroupPolicy.Rollout rollout = rollout(p.update(), desired);
        GroupPolicy.ScaleDownOrder order = scaleDown(p.scaleDown());
        Duration maxLifetime = p.maxLifetime() == null ? null : duration("Policy.MaxLifetime", p.maxLifetime(), null);
        if (maxLifetime != null && maxLifetime.isZero()) {
            problem("Policy.MaxLifetime '" + p.maxLifetime() + "' must be more than 0, e.g. 168h; remove it for no limit");
            maxLifetime = null;
        } else if (maxLifetime != null && maxLifetime.compareTo(healthyTimeout) <= 0) {
            problem("Policy.MaxLifetime " + p.maxLifetime() + " is not longer than Policy.HealthyTimeout "
                    + GoDuration.format(healthyTimeout) + ": members would be replaced before they could turn healthy;"
                    + " use a longer MaxLifetime (e.g. 168h)");
        }
        return new GroupPolicy(maxSurge, maxUnavailable, healthyTimeout, grace, maxUnhealthy,
                cap == null ? 0 : cap, poll, provisionTimeout, Math.max(0, u.count()), healthyDuration, drain,
                rollout, order, maxLifetime, healthCheck(p.healthCheck()), hooks(p.hooks()))
                .withWarmPool(warmPool(p.warmPool(), quorum, desired, cap));
    }

    /** Policy.WarmPool: a Size of 1 or more, MaxPrepared 1 or more (default 1, at most Size), a scaled group. */
    private GroupPolicy.WarmPool warmPool(Policy.WarmPool w, boolean quorum, int desired, Integer cap) {
        if (w == null) {
            return GroupPolicy.WarmPool.NONE;
        }
        if (quorum) {
            problem("Policy.WarmPool cannot be used with Allocation.LogicalIDs (each logical ID is one instance);"
                    + " remove it or use Allocation.Size");
            return GroupPolicy.WarmPool.NONE;
        }
        if (w.size() == null || w.size() < 1) {
            problem("Policy.WarmPool.Size " + w.size() + " must be 1 or more stopped members, e.g. {Size: 2};"
                    + " remove Policy.WarmPool for no pool");
            return GroupPolicy.WarmPool.NONE;
        }
        int prepared = w.maxPrepared() == null ? 1 : w.maxPrepared();
        if (prepared < 1) {
            problem("Policy.WarmPool.MaxPrepared " + prepared + " must be 1 or more members provisioned into the"
                    + " pool at once (default 1)");
            return GroupPolicy.WarmPool.NONE;
        }
        if (prepared > w.size()) {
            problem("Policy.WarmPool.MaxPrepared " + prepared + " is more than Policy.WarmPool.Size " + w.size()
                    + "; use at most " + w.size());
        }
        if (cap != null && cap < desired + w.size()) {
            problem("Policy.MaxInstances " + cap + " is below the group size " + desired + " plus Policy.WarmPool.Size "
                    + w.size() + " (the pool's members are instances too); raise MaxInstances to at least "
                    + (desired + w.size()) + " or shrink the pool");
        }
        return new GroupPolicy.WarmPool(w.size(), Math.min(prepared, w.size()));
    }

    /** Policy.Hooks: On launch or terminate, an http(s) Url, a positive Timeout, Default continue or abandon. */
    private List<GroupPolicy.HookPolicy> hooks(List<Policy.Hook> hooks) {
        if (hooks == null) {
            return List.of();
        }
        List<GroupPolicy.HookPolicy> out = new java.util.ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            Policy.Hook h = hooks.get(i);
            String f = "Policy.Hooks[" + i + "]";
            if (h == null) {
                problem(f + " is empty: give On, Url (or Plugin) and Timeout, e.g. {On: launch, Url: http://127.0.0.1:9000/hook, Timeout: 5m}");
                continue;
            }
            boolean launch = "launch".equals(h.on());
            if (!launch && !"terminate".equals(h.on())) {
                problem(f + ".On '" + h.on() + "' is not known: use launch (before a new member serves) or terminate"
                        + " (before a member is destroyed)");
            }
            boolean byPlugin = h.plugin() != null;
            if (byPlugin && h.url() != null) {
                problem(f + " has both Url and Plugin: give one (Url: an address notified over HTTP; Plugin: a plugin"
                        + " called over RPC)");
            } else if (byPlugin && !h.plugin().matches("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9._-]+)?")) {
                problem(f + ".Plugin '" + h.plugin() + "' is not a plugin name: use SOCKET or SOCKET/OBJECT, e.g. hooks/web");
            } else if (byPlugin) {
                // a plugin name: checked for reachability at commit
            } else if (h.url() == null || !(h.url().startsWith("http://") || h.url().startsWith("https://"))) {
                problem(f + ".Url '" + h.url() + "' is not an http:// or https:// address; the controller POSTs the"
                        + " member's transition there");
            } else {
                try {
                    java.net.URI.create(h.url()).toURL();
                } catch (IllegalArgumentException | java.net.MalformedURLException e) {
                    problem(f + ".Url '" + h.url() + "' is not a valid address: " + e.getMessage());
                }
            }
            Duration timeout = positive(f + ".Timeout", h.timeout(), Duration.ofMinutes(5));
            String d = h.dflt() == null ? "abandon" : h.dflt();
            if (!d.equals("continue") && !d.equals("abandon")) {
                problem(f + ".Default '" + h.dflt() + "' is not known: use continue or abandon");
            }
            out.add(new GroupPolicy.HookPolicy(launch, byPlugin ? null : h.url(), timeout, d.equals("continue"), h.plugin()));
        }
        return out;
    }

    /** Policy.HealthCheck: exactly one of Http, Tcp, Exec; positive durations and thresholds. */
    private GroupPolicy.HealthCheckPolicy healthCheck(Policy.HealthCheck h) {
        if (h == null) {
            return null;
        }
        if (h.http() == null && h.tcp() == null && h.exec() == null) {
            problem("Policy.HealthCheck has none of Http, Tcp and Exec: give at least one, e.g. HealthCheck:"
                    + " {Http: {Port: 8080, Path: /healthz}}");
            return null;
        }
        int httpPort = 0;
        int tcpPort = 0;
        String path = null;
        int expect = 200;
        if (h.http() != null) {
            httpPort = port("Policy.HealthCheck.Http.Port", h.http().port());
            path = h.http().path() == null ? "/" : h.http().path();
            if (!path.startsWith("/")) {
                problem("Policy.HealthCheck.Http.Path '" + path + "' must start with /, e.g. /healthz");
            }
            if (h.http().expect() != null) {
                expect = h.http().expect();
                if (expect < 100 || expect > 599) {
                    problem("Policy.HealthCheck.Http.Expect " + expect + " is not an HTTP status; use e.g. 200");
                }
            }
        }
        if (h.tcp() != null) {
            tcpPort = port("Policy.HealthCheck.Tcp.Port", h.tcp().port());
        }
        if (h.exec() != null && (h.exec().isEmpty() || h.exec().get(0) == null || h.exec().get(0).isBlank())) {
            problem("Policy.HealthCheck.Exec is empty: give a program and its arguments, e.g. [/bin/sh, -c, 'test -f /ready']");
        }
        Duration initial = duration("Policy.HealthCheck.InitialDelay", h.initialDelay(), Duration.ZERO);
        Duration interval = positive("Policy.HealthCheck.Interval", h.interval(), Duration.ofSeconds(10));
        Duration timeout = positive("Policy.HealthCheck.Timeout", h.timeout(), Duration.ofSeconds(2));
        if (timeout.compareTo(interval) > 0) {
            problem("Policy.HealthCheck.Timeout " + GoDuration.format(timeout) + " is longer than Interval "
                    + GoDuration.format(interval) + ": a check would still run when the next is due; shorten Timeout");
        }
        int unhealthy = threshold("Policy.HealthCheck.UnhealthyThreshold", h.unhealthyThreshold(), 3);
        int healthy = threshold("Policy.HealthCheck.HealthyThreshold", h.healthyThreshold(), 1);
        return new GroupPolicy.HealthCheckPolicy(httpPort, path, expect, tcpPort, h.exec(), h.address(), initial,
                interval, timeout, unhealthy, healthy);
    }

    private int port(String field, Integer port) {
        if (port == null || port < 1 || port > 65535) {
            problem(field + " is " + port + ": give the port to check, 1 to 65535");
            return 0;
        }
        return port;
    }

    private int threshold(String field, Integer value, int dflt) {
        if (value == null) {
            return dflt;
        }
        if (value < 1) {
            problem(field + " is " + value + ": it counts results in a row, 1 or more");
            return dflt;
        }
        return value;
    }

    /** Policy.Update: checkpoints ascending within 1..100, a canary within the size, durations not negative. */
    private GroupPolicy.Rollout rollout(Policy.Update u, int desired) {
        if (u == null) {
            return GroupPolicy.Rollout.NONE;
        }
        List<Integer> checkpoints = u.checkpoints() == null ? List.of() : u.checkpoints();
        int previous = 0;
        for (int i = 0; i < checkpoints.size(); i++) {
            Integer c = checkpoints.get(i);
            if (c == null || c < 1 || c > 100) {
                problem("Policy.Update.Checkpoints[" + i + "] is " + c + ": a checkpoint is a percentage of the group"
                        + " from 1 to 100, e.g. [10, 50, 100]");
                checkpoints = List.of();
                break;
            }
            if (c <= previous) {
                problem("Policy.Update.Checkpoints " + checkpoints + " is not ascending (" + c + " after " + previous
                        + "): list each percentage once, smallest first, e.g. [10, 50, 100]");
                checkpoints = List.of();
                break;
            }
            previous = c;
        }
        boolean hadCheckpoints = u.checkpoints() != null && !u.checkpoints().isEmpty();
        Duration delay = duration("Policy.Update.CheckpointDelay", u.checkpointDelay(), Duration.ZERO);
        Duration bake = duration("Policy.Update.BakeTime", u.bakeTime(), Duration.ZERO);
        if (!delay.isZero() && !hadCheckpoints) {
            problem("Policy.Update.CheckpointDelay " + u.checkpointDelay() + " is set without Policy.Update.Checkpoints:"
                    + " there is no checkpoint to wait at; add Checkpoints (e.g. [10, 50, 100]) or remove CheckpointDelay");
        }
        int canary = 0;
        if (u.canary() != null) {
            Integer size = u.canary().size();
            if (size == null || size < 1) {
                problem("Policy.Update.Canary.Size is " + size + ": a canary needs at least 1 member, e.g. Canary: {Size: 2}");
            } else if (size > desired) {
                problem("Policy.Update.Canary.Size " + size + " is larger than the group size " + desired
                        + ": use a canary smaller than the group (e.g. 1), or remove Canary");
            } else {
                canary = size;
            }
        }
        return new GroupPolicy.Rollout(checkpoints, delay, bake, Boolean.TRUE.equals(u.autoRollback()), canary);
    }

    private GroupPolicy.ScaleDownOrder scaleDown(String name) {
        if (name == null) {
            return GroupPolicy.ScaleDownOrder.OLDEST_CONFIG_FIRST;
        }
        GroupPolicy.ScaleDownOrder o = GroupPolicy.ScaleDownOrder.of(name);
        if (o == null) {
            List<String> known = java.util.Arrays.stream(GroupPolicy.ScaleDownOrder.values())
                    .map(GroupPolicy.ScaleDownOrder::specName).toList();
            String hint = JsonProblems.suggest(name, known);
            problem("Policy.ScaleDown '" + name + "' is not known" + (hint == null ? "" : ": did you mean " + hint + "?")
                    + " (known: " + String.join(", ", known) + ")");
            return GroupPolicy.ScaleDownOrder.OLDEST_CONFIG_FIRST;
        }
        return o;
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
        } else {
            String shape = PromQlShape.problem(a.path("Query").asText());
            if (shape != null) {
                problem("Policy.Autoscale.Query '" + a.path("Query").asText() + "' does not parse: " + shape
                        + "; fix the PromQL (Prometheus' own parser judges the rest when the autoscaler runs it)");
            }
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

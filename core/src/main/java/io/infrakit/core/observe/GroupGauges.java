package io.infrakit.core.observe;

import io.infrakit.core.group.GroupController;
import io.infrakit.spi.group.GroupStatus;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The per-group gauges, read at scrape time from each controller's last observation
 * ({@link GroupController#status()}: the ledger and the last plan). A scrape calls no plugin, so
 * it costs the same whether the cloud is quick or slow, and a scrape every few seconds never adds
 * a DescribeInstances.
 */
final class GroupGauges implements MultiCollector {

    static final List<String> STATES = List.of("running", "healthy", "unhealthy", "provisioning", "destroying", "outdated");

    private final Supplier<List<GroupController>> controllers;
    private final Clock clock;
    /** When each group was last seen converged (a CONVERGED event, or a scrape that found it so). */
    private final Map<String, Instant> lastConverged = new ConcurrentHashMap<>();
    /** When each group was first seen, for the time a group never converged yet has been waiting. */
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

    GroupGauges(Supplier<List<GroupController>> controllers, Clock clock) {
        this.controllers = controllers;
        this.clock = clock;
    }

    /** A CONVERGED event: the group matched its spec at {@code at}. */
    void converged(String group, Instant at) {
        lastConverged.merge(group, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public MetricSnapshots collect() {
        Instant now = clock.instant();
        GaugeSnapshot.Builder desired = gauge("infrakit_group_desired_instances", "Members the group's spec asks for.");
        GaugeSnapshot.Builder instances = gauge("infrakit_group_instances",
                "Members of the group by state, as last observed: running (visible), healthy and unhealthy (as the flavor "
                        + "judged them), provisioning and destroying (calls in flight), outdated (another config hash).");
        GaugeSnapshot.Builder updating = gauge("infrakit_group_updating", "1 while a rolling update has members left to replace.");
        GaugeSnapshot.Builder paused = gauge("infrakit_group_update_paused", "1 while the rolling update is paused (see the group's status).");
        GaugeSnapshot.Builder stopped = gauge("infrakit_group_remediation_stopped",
                "1 while too many members are unhealthy and they are no longer replaced.");
        GaugeSnapshot.Builder converged = gauge("infrakit_group_converged", "1 when the group matches its spec and nothing is in flight.");
        GaugeSnapshot.Builder unconverged = gauge("infrakit_group_unconverged_seconds",
                "Seconds since the group was last converged (since it was first seen if never); 0 while converged.");
        GaugeSnapshot.Builder lastTime = gauge("infrakit_group_last_converged_timestamp_seconds",
                "When the group was last seen converged, in seconds since the epoch.");
        for (GroupController c : controllers.get()) {
            String id = c.id();
            GroupStatus s = c.status();
            Labels group = Labels.of("group", id);
            desired.dataPoint(point(group, s.desired()));
            int[] counts = {s.running(), s.healthy(), s.unhealthy(), s.provisioning(), s.destroying(), s.outdated()};
            for (int i = 0; i < STATES.size(); i++) {
                instances.dataPoint(point(Labels.of("group", id, "state", STATES.get(i)), counts[i]));
            }
            updating.dataPoint(point(group, s.outdated() > 0 ? 1 : 0));
            paused.dataPoint(point(group, s.updatePaused() != null ? 1 : 0));
            stopped.dataPoint(point(group, s.remediationStopped() != null ? 1 : 0));
            converged.dataPoint(point(group, s.converged() ? 1 : 0));
            Instant first = firstSeen.computeIfAbsent(id, k -> now);
            if (s.converged()) {
                lastConverged.put(id, now);
            }
            Instant last = lastConverged.get(id);
            unconverged.dataPoint(point(group, s.converged() ? 0 : seconds(last == null ? first : last, now)));
            if (last != null) {
                lastTime.dataPoint(point(group, last.toEpochMilli() / 1000.0));
            }
        }
        return MetricSnapshots.of(desired.build(), instances.build(), updating.build(), paused.build(), stopped.build(),
                converged.build(), unconverged.build(), lastTime.build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of("infrakit_group_desired_instances", "infrakit_group_instances", "infrakit_group_updating",
                "infrakit_group_update_paused", "infrakit_group_remediation_stopped", "infrakit_group_converged",
                "infrakit_group_unconverged_seconds", "infrakit_group_last_converged_timestamp_seconds");
    }

    /** Forgets a group that is no longer managed. */
    void forget(String group) {
        lastConverged.remove(group);
        firstSeen.remove(group);
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, (to.toEpochMilli() - from.toEpochMilli()) / 1000.0);
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    private static GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}

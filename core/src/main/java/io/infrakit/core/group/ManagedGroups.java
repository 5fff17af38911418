package io.infrakit.core.group;

import io.infrakit.core.event.EventBus;
import io.infrakit.core.group.plan.GroupConfig;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.InstanceChange;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * The groups a {@link GroupControllerPlugin} manages: each controller with its reconcile loop and the
 * instance plugin it watches for pushed changes. Reads are safe from any thread; changes (start,
 * rewatch, remove, close) are made under the group plugin's lock.
 */
final class ManagedGroups {

    /** One managed group. */
    record Managed(GroupController controller, ReconcileLoop loop, String instancePlugin) {
    }

    private final Map<String, Managed> groups = new ConcurrentHashMap<>();
    private final ChangeWatches watches = new ChangeWatches(this::onChange);
    private final Clock clock;
    private final EventBus events;
    private final Executor actions;
    private final Executor healthChecks;
    private final Duration pollInterval;
    private final boolean timers;
    private volatile ReconcileListener reconcileListener = ReconcileListener.NONE;
    private final java.util.function.Supplier<Rollbacks> rollbacks;
    /** The most actions one plan of a group holds (the plugin's batch option). */
    private final int batch;

    /**
     * @param actions      where provisions and destroys run
     * @param healthChecks where batches of health checks run
     * @param timers       run reconcile loops on timers; false leaves reconciling to the caller (tests)
     * @param batch        the most actions one plan holds
     */
    ManagedGroups(Clock clock, EventBus events, Executor actions, Executor healthChecks, Duration pollInterval,
                  boolean timers, java.util.function.Supplier<Rollbacks> rollbacks, int batch) {
        this.rollbacks = rollbacks;
        this.batch = batch;
        this.clock = clock;
        this.events = events;
        this.actions = actions;
        this.healthChecks = healthChecks;
        this.pollInterval = pollInterval;
        this.timers = timers;
    }

    /** The group, or null when it is not managed. */
    Managed get(String id) {
        return groups.get(id);
    }

    List<Managed> all() {
        return new ArrayList<>(groups.values());
    }

    /** Starts managing a group: its controller, its loop (which reconciles at once) and its watch. */
    void start(GroupController.Binding binding) {
        String id = binding.config().id();
        ReconcileLoop[] loopRef = new ReconcileLoop[1];
        GroupController controller = new GroupController(binding, clock, events, actions, healthChecks,
                pollInterval, () -> {
                    if (loopRef[0] != null) {
                        loopRef[0].trigger();
                    }
                }, rollbacks, batch);
        if (timers) {
            controller.timedHealthChecks();
            controller.timedActionLog();
        }
        controller.listen((group, plan, nanos) -> reconcileListener.reconciled(group, plan, nanos));
        ReconcileLoop loop = new ReconcileLoop(controller, timers);
        loopRef[0] = loop;
        groups.put(id, new Managed(controller, loop, binding.config().instance().plugin()));
        watches.watch(binding.config().instance().plugin(), binding.instance());
        loop.start();
    }

    /** After a commit named another instance plugin: watch that one instead. */
    void rewatch(Managed existing, GroupConfig cfg) {
        if (!existing.instancePlugin().equals(cfg.instance().plugin())) {
            groups.put(cfg.id(), new Managed(existing.controller(), existing.loop(), cfg.instance().plugin()));
            watches.watch(cfg.instance().plugin(), existing.controller().binding().instance());
            unwatchUnused();
        }
    }

    /** Stops managing a group: its loop ends, its controller stops acting. Returns null when unknown. */
    Managed remove(String id) {
        Managed m = groups.remove(id);
        if (m != null) {
            m.loop().close();
            m.controller().stop();
            unwatchUnused();
        }
        return m;
    }

    /** Asks for a reconcile of {@code id} soon, unless it was freed or destroyed meanwhile. */
    void trigger(String id) {
        Managed m = groups.get(id);
        if (m != null) {
            m.loop().trigger();
        }
    }

    /** Who is told about each reconcile of every group, those started before included. */
    void listen(ReconcileListener listener) {
        this.reconcileListener = listener == null ? ReconcileListener.NONE : listener;
    }

    void closeAll() {
        for (Managed m : groups.values()) {
            m.loop().close();
            m.controller().stop();
        }
        groups.clear();
        watches.close();
    }

    private void unwatchUnused() {
        watches.keepOnly(groups.values().stream().map(Managed::instancePlugin).collect(Collectors.toSet()));
    }

    private void onChange(String pluginName, InstanceChange change) {
        String group = change.tags() == null ? null : change.tags().get(Tags.GROUP);
        for (Managed m : groups.values()) {
            // A change without tags may concern any group on this plugin.
            if (m.instancePlugin().equals(pluginName) && (group == null || group.equals(m.controller().id()))) {
                m.controller().noteChange(change);
                m.loop().trigger();
            }
        }
    }
}

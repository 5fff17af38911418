package io.infrakit.core.group;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.core.event.Event;
import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventFeed;
import io.infrakit.core.event.EventType;
import io.infrakit.core.group.ManagedGroups.Managed;
import io.infrakit.core.group.plan.GroupConfig;
import io.infrakit.core.spec.GroupSpecValidator;
import io.infrakit.core.spec.InvalidSpecException;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.plugin.PluginLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * InfraKit's raw group plugin ({@code group-stateless}): one {@link GroupController} per committed
 * group, each reconciled on commit, on its poll timer and when its instance plugin pushes a change.
 * Specs live in memory only: the manager persists them and commits them again after a restart.
 */
public final class GroupControllerPlugin implements GroupPlugin, ValidatedCommits, EventFeed, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupControllerPlugin.class);
    /** How long DestroyGroup waits for provision calls still running, so that they leave no orphan. */
    private static final Duration DRAIN_PROVISIONS = Duration.ofSeconds(60);

    /**
     * @param pollInterval default time between observations of a group (a group's Policy.PollInterval wins)
     * @param maxParallel  provisions/destroys running at once per plugin
     * @param timers       run reconcile loops on timers; false leaves reconciling to the caller (tests)
     * @param batch        the most actions one plan of a group holds, queued and running calls together
     *                     (a larger group converges batch by batch; see {@link io.infrakit.core.group.plan.Planner})
     */
    public record Options(Duration pollInterval, int maxParallel, boolean timers, int batch) {
        public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);
        public static final int DEFAULT_MAX_PARALLEL = 32;
        public static final int DEFAULT_BATCH = io.infrakit.core.group.plan.Planner.DEFAULT_BATCH;

        public static Options defaults() {
            return new Options(DEFAULT_POLL_INTERVAL, DEFAULT_MAX_PARALLEL, true);
        }

        /** Options with the default batch. */
        public Options(Duration pollInterval, int maxParallel, boolean timers) {
            this(pollInterval, maxParallel, timers, DEFAULT_BATCH);
        }

        public Options {
            if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("poll interval must be more than 0, e.g. 10s; got " + pollInterval);
            }
            if (maxParallel < 1) {
                throw new IllegalArgumentException("max parallel must be at least 1; got " + maxParallel);
            }
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be at least 1; got " + batch);
            }
        }
    }

    private final EventBus events;
    private final Clock clock;
    private final Options options;
    private final GroupSpecValidator validator = new GroupSpecValidator();
    private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final Executor actionExecutor;
    private final ManagedGroups groups;
    /**
     * Serialises commits, frees, resizes and close. A commit's plugin Validate runs before, outside it
     * ({@link #check}); starting a group subscribes to its instance plugin's changes under it (I/O),
     * so a ReentrantLock rather than a monitor: a virtual thread blocked in I/O under it does not pin
     * its carrier on Java 21.
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final GroupCommits commits;
    /** Where rollbacks commit the previous version: the manager's store when it registered, else memory. */
    private volatile Rollbacks rollbacks;

    public GroupControllerPlugin(PluginLookup plugins, EventBus events, Clock clock, Options options) {
        this(plugins, events, clock, options, null);
    }

    /**
     * @param actionExecutor where provisions and destroys run; null for bounded virtual threads.
     *                       Tests pass {@code Runnable::run} to act synchronously and deterministically.
     */
    public GroupControllerPlugin(PluginLookup plugins, EventBus events, Clock clock, Options options,
                                 Executor actionExecutor) {
        this.events = events;
        this.clock = clock;
        this.options = options;
        this.actionExecutor = actionExecutor != null ? actionExecutor : bounded(virtualThreads, options.maxParallel());
        this.groups = new ManagedGroups(clock, events, this.actionExecutor, virtualThreads, options.pollInterval(),
                options.timers(), () -> rollbacks, options.batch());
        this.commits = new GroupCommits(plugins, groups, events, lock);
    }

    /** Runs tasks on virtual threads, at most {@code permits} at once (a slow cloud API is not flooded). */
    private static Executor bounded(Executor threads, int permits) {
        Semaphore slots = new Semaphore(permits);
        return task -> threads.execute(() -> {
            slots.acquireUninterruptibly();
            try {
                task.run();
            } finally {
                slots.release();
            }
        });
    }

    public EventBus events() {
        return events;
    }

    @Override
    public List<Event> since(long after) {
        return events.since(after);
    }

    public GroupSpecValidator validator() {
        return validator;
    }

    /** The controller of a managed group (for the manager, status and tests). */
    public GroupController controller(String id) {
        Managed m = groups.get(id);
        if (m == null) {
            throw notWatched(id);
        }
        return m.controller();
    }

    /** The controllers of the managed groups, in no order (metrics and the dashboard read them; no plugin call). */
    public List<GroupController> controllers() {
        return groups.all().stream().map(Managed::controller).toList();
    }

    /** Tells {@code listener} about every reconcile of every group (one listener; metrics). */
    public void listenReconciles(ReconcileListener listener) {
        groups.listen(listener);
    }

    /** Reconciles every group once, on the calling thread (tests and fast-forwarded clocks). */
    public void reconcileAll() {
        for (Managed m : groups.all()) {
            m.controller().reconcile();
        }
    }

    private static PluginException notWatched(String id) {
        return new PluginException("Group '" + id + "' is not being watched; commit it first (infrakit group ls"
                + " lists the managed groups)");
    }

    @Override
    public String commitGroup(GroupSpec spec, boolean pretend) {
        Checked checked = check(validator.validate(spec));
        return pretend ? checked.details() : commit(checked);
    }

    /** Plugin lookups and Validate, outside the lock; see {@link GroupCommits}. */
    @Override
    public Checked check(GroupConfig cfg) {
        return commits.check(cfg);
    }

    @Override
    public String commit(Checked checked) {
        return commits.commit(checked);
    }

    /** Rollbacks (automatic, or an aborted canary) commit through {@code r} from now on (the manager's store). */
    public void rollbacksVia(Rollbacks r) {
        this.rollbacks = r;
    }

    /** The next config of group {@code id} with {@code hash} is a rollback for {@code reason}. */
    public void expectRollback(String id, String hash, String reason) {
        controller(requireId(id)).expectRollback(hash, reason);
    }

    /** {@code infrakit group promote ID}: the canary of the group's current config goes on to every member. */
    public String promote(String id) {
        GroupController c = controller(requireId(id));
        if (!c.canaryWaiting()) {
            throw new PluginException("group '" + id + "' has no canary waiting (Policy.Update.Canary holds a new config"
                    + " on a few members until promoted; infrakit describe group " + id + " shows the update)");
        }
        c.promote();
        trigger(id);
        return "Promoted config " + c.config().configHash() + " of group '" + id + "' to every member";
    }

    /** {@code infrakit group abort ID}: the canary's config is rolled back (the previous version committed again). */
    public String abort(String id) {
        GroupController c = controller(requireId(id));
        if (!c.canaryWaiting()) {
            throw new PluginException("group '" + id + "' has no canary waiting: nothing to abort (to undo a commit,"
                    + " use infrakit rollback " + id + ")");
        }
        String hash = c.config().configHash();
        events.publish(EventType.CANARY_ABORTED, id, null, "config " + hash + " aborted by request");
        String msg = c.rollBack(hash, "the canary of config " + hash + " was aborted by request");
        trigger(id);
        return msg;
    }

    /** {@code infrakit group hook complete ID INSTANCE continue|abandon}. */
    public String completeHook(String id, String instanceId, boolean proceed) {
        GroupController c = controller(requireId(id));
        String done = c.completeHook(instanceId, proceed);
        trigger(id);
        return done;
    }

    @Override
    public void freeGroup(String id) {
        Managed m;
        lock.lock();
        try {
            m = groups.remove(requireId(id));
            if (m == null) {
                throw notWatched(id);
            }
        } finally {
            lock.unlock();
        }
        LOG.info("group={} freed: no longer managed, members left running", id);
        events.publish(EventType.FREED, id, null, "members left running");
    }

    /** Answers from the last observation: a describe costs the instance plugin nothing. */
    @Override
    public GroupDescription describeGroup(String id) {
        return controller(requireId(id)).describe();
    }

    @Override
    public void destroyGroup(String id) {
        Managed m;
        lock.lock();
        try {
            m = groups.remove(requireId(id));
            if (m == null) {
                throw notWatched(id);
            }
        } finally {
            lock.unlock();
        }
        GroupController c = m.controller();
        GroupTeardown.Destroyed d = GroupTeardown.destroyAll(c, DRAIN_PROVISIONS);
        List<String> failures = d.failures();
        events.publish(EventType.GROUP_DESTROYED, id, null, d.members() + " members destroyed"
                + (failures.isEmpty() ? "" : ", " + failures.size() + " failed"));
        if (!failures.isEmpty()) {
            throw new PluginException("group '" + id + "' is no longer managed but " + failures.size()
                    + " members could not be destroyed: " + String.join("; ", failures));
        }
    }

    @Override
    public List<GroupSpec> inspectGroups() {
        Map<String, GroupSpec> sorted = new TreeMap<>();
        for (Managed m : groups.all()) {
            GroupConfig cfg = m.controller().config();
            JsonNode props = validator.mapper().valueToTree(cfg.properties());
            sorted.put(cfg.id(), new GroupSpec(cfg.id(), props));
        }
        return List.copyOf(sorted.values());
    }

    @Override
    public void destroyInstances(String id, List<String> instanceIds) {
        GroupController c = controller(requireId(id));
        if (instanceIds == null || instanceIds.isEmpty()) {
            throw new PluginException("group '" + id + "': no instance IDs given; name the members to destroy"
                    + " (infrakit group describe " + id + " lists them)");
        }
        // The last observation decides membership: the reconcile reads the plugin, this call does not.
        Map<String, InstanceDescription> members = new HashMap<>();
        for (InstanceDescription d : c.lastObserved()) {
            members.put(d.id(), d);
        }
        List<String> unknown = instanceIds.stream().filter(i -> !members.containsKey(i)).toList();
        if (!unknown.isEmpty()) {
            throw new PluginException("group '" + id + "': " + unknown + " not members of the group (no instance"
                    + " tagged " + Tags.GROUP + "=" + id + " with that ID when the group was last observed);"
                    + " nothing was destroyed");
        }
        List<InstanceDescription> targets = instanceIds.stream().distinct().map(members::get).toList();
        lock.lock();
        try {
            GroupConfig cfg = c.config();
            if (!cfg.quorum()) {
                // InfraKit: the group shrinks by the members destroyed, so they are not replaced.
                GroupConfig smaller = cfg.withSize(Math.max(0, cfg.desired() - targets.size()));
                c.update(new GroupController.Binding(smaller, c.binding().instance(), c.binding().flavor(),
                        c.binding().hookPlugins()), false);
            }
        } finally {
            lock.unlock();
        }
        List<String> failures = c.destroyNow(targets, "destroyed on request");
        trigger(id);
        if (!failures.isEmpty()) {
            throw new PluginException("group '" + id + "': " + failures.size() + " members could not be destroyed: "
                    + String.join("; ", failures));
        }
    }

    @Override
    public int size(String id) {
        return controller(requireId(id)).config().desired();
    }

    @Override
    public void setSize(String id, int size) {
        lock.lock();
        try {
            resize(id, size);
        } finally {
            lock.unlock();
        }
    }

    private void resize(String id, int size) {
        GroupController c = controller(requireId(id));
        if (size < 0) {
            throw new InvalidSpecException("group '" + id + "': size " + size + " is negative; use 0 or more");
        }
        GroupConfig cfg = c.config();
        if (cfg.quorum()) {
            throw new InvalidSpecException("group '" + id + "' has Allocation.LogicalIDs " + cfg.logicalIds()
                    + "; its size follows them: change the LogicalIDs and commit the spec");
        }
        if (cfg.policy().maxInstances() > 0 && size > cfg.policy().maxInstances()) {
            throw new InvalidSpecException("group '" + id + "': size " + size + " is above Policy.MaxInstances "
                    + cfg.policy().maxInstances() + "; raise MaxInstances in the spec and commit it");
        }
        c.update(new GroupController.Binding(cfg.withSize(size), c.binding().instance(), c.binding().flavor(),
                c.binding().hookPlugins()), false);
        events.publish(EventType.COMMITTED, id, null, Details.change(cfg, cfg.withSize(size), 0, false, false));
        trigger(id);
    }

    private void trigger(String id) {
        groups.trigger(id);
    }

    private static String requireId(String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidSpecException(GroupSpecValidator.BLANK_ID);
        }
        return id;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            groups.closeAll();
            virtualThreads.shutdownNow();
        } finally {
            lock.unlock();
        }
    }
}

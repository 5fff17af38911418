package io.infrakit.core.group;

import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.core.group.plan.ControllerState;
import io.infrakit.core.group.plan.GroupConfig;
import io.infrakit.core.group.plan.Member;
import io.infrakit.core.group.plan.Plan;
import io.infrakit.core.group.plan.Planner;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupStatus;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges one group, one {@link #reconcile()} at a time: observe ({@link Observer}: DescribeInstances
 * with properties=false, the ledger, flavor health), plan ({@link Planner}, pure), record
 * ({@link Transitions}: events for what changed) and apply ({@link PlanApplier}: each action recorded
 * in flight before it starts). All state lives in the {@link InFlight} ledger.
 *
 * <p>The hand-over point is {@link #update}: a commit swaps the {@link Binding} (a volatile field) and
 * the next reconcile, on the group's own thread, picks it up.
 */
public final class GroupController {

    private static final Logger LOG = LoggerFactory.getLogger(GroupController.class);

    /** The spec and the plugins it names, swapped as one on commit. */
    public record Binding(GroupConfig config, InstancePlugin instance, FlavorPlugin flavor,
                          Map<String, io.infrakit.spi.group.LifecycleHookPlugin> hookPlugins) {

        public Binding {
            hookPlugins = hookPlugins == null ? Map.of() : Map.copyOf(hookPlugins);
        }

        /** A binding whose hooks (if any) are all Url hooks. */
        public Binding(GroupConfig config, InstancePlugin instance, FlavorPlugin flavor) {
            this(config, instance, flavor, Map.of());
        }
    }

    private final String id;
    private final Clock clock;
    private final EventBus events;
    private final Duration defaultPollInterval;
    private final InFlight ledger = new InFlight();
    private final Observer observer;
    private final PlanApplier applier;
    private final Transitions transitions;
    /** The most actions one plan holds (group.batch): a group converges batch by batch, whatever its size. */
    private final int batch;
    /** One reconcile or direct destroy at a time; plugin calls run under it, so a lock, not a monitor. */
    private final ReentrantLock reconcileLock = new ReentrantLock();

    private volatile Binding binding;
    private volatile ReconcileListener reconcileListener = ReconcileListener.NONE;
    /** The binding before the last config change: the in-memory rollback target. */
    private volatile Binding previous;
    private final ConfigRollback configRollback;
    private final Executor actions;
    private final Runnable onWork;
    /** The controller's own health checks (Policy.HealthCheck). */
    private final HealthChecks checks;
    /** Lifecycle hooks waiting for an answer (Policy.Hooks). */
    private final LifecycleHooks hooks;

    /**
     * @param actions      runs provisions and destroys (bounded virtual threads in the daemon; the
     *                     calling thread in deterministic tests)
     * @param healthChecks runs batches of flavor health checks when there are many
     * @param onWork       asks for another reconcile soon (an action finished, a provider pushed a change)
     */
    public GroupController(Binding binding, Clock clock, EventBus events, Executor actions, Executor healthChecks,
                           Duration defaultPollInterval, Runnable onWork) {
        this(binding, clock, events, actions, healthChecks, defaultPollInterval, onWork, () -> null, Planner.DEFAULT_BATCH);
    }

    /**
     * @param rollbacks where a rollback commits the previous version (null from it: in memory)
     * @param batch     the most actions one plan holds: the plugin's batch option
     */
    public GroupController(Binding binding, Clock clock, EventBus events, Executor actions, Executor healthChecks,
                           Duration defaultPollInterval, Runnable onWork, java.util.function.Supplier<Rollbacks> rollbacks,
                           int batch) {
        this.batch = batch;
        this.configRollback = new ConfigRollback(this, rollbacks, events, onWork);
        this.actions = actions;
        this.onWork = onWork;
        this.id = binding.config().id();
        this.binding = binding;
        this.clock = clock;
        this.events = events;
        this.defaultPollInterval = defaultPollInterval;
        this.checks = new HealthChecks(id, clock, this::binding, onWork);
        this.observer = new Observer(id, clock, events, healthChecks, ledger, checks);
        this.hooks = new LifecycleHooks(id, events, actions, name -> binding().hookPlugins().get(name));
        this.applier = new PlanApplier(id, clock, events, actions, ledger, onWork, hooks);
        this.transitions = new Transitions(id, events);
    }

    public String id() {
        return id;
    }

    public Binding binding() {
        return binding;
    }

    public GroupConfig config() {
        return binding.config();
    }

    /** The poll interval of this group: its Policy.PollInterval, else the controller's. */
    public Duration pollInterval() {
        Duration d = binding.config().policy().pollInterval();
        return d == null ? defaultPollInterval : d;
    }

    /** Takes a new spec (commit or SetSize); a commit also resumes a paused rolling update. */
    public void update(Binding newBinding, boolean resume) {
        Binding old = this.binding;
        if (!old.config().configHash().equals(newBinding.config().configHash())) {
            previous = old;
            ledger.rollout().configChanged(newBinding.config().configHash());
        }
        this.binding = newBinding;
        String resumed = resume ? ledger.resume() : null;
        if (resumed != null) {
            events.publish(EventType.UPDATE_RESUMED, id, null, "resumed by commit (was paused: " + resumed + ")");
        }
    }

    /** Stops acting: later reconciles do nothing. In-flight calls finish on their own. */
    public void stop() {
        ledger.stop();
        checks.close();
        applier.flushLogNow();
    }

    /** Health checks run on their own thread, as they fall due (the daemon; tests run them on reconcile). */
    void timedHealthChecks() {
        checks.timed();
    }

    /** The summary of a burst of provisioned/destroyed lines is written by a timer when its window ends (the daemon). */
    void timedActionLog() {
        applier.timedLog();
    }

    public boolean isPaused() {
        return ledger.isPaused();
    }

    /** True while replacements that never turned healthy hold back remediation (a commit releases it). */
    public boolean isRemediationHeld() {
        return ledger.isRemediationHeld();
    }

    /** One observe / plan / record / apply pass. Returns the plan, or the last one when observing failed. */
    public Plan reconcile() {
        Plan plan;
        String failedHash;
        List<LifecycleHooks.Outcome> expired;
        // Without a timer (tests), a burst's summary is written here; with one, this finds nothing due.
        applier.flushLog();
        reconcileLock.lock();
        long started = System.nanoTime();
        try {
            if (ledger.stopped()) {
                return ledger.lastPlan();
            }
            Binding b = binding;
            GroupConfig cfg = b.config();
            List<Member> observed = observer.observe(b, pollInterval());
            if (observed == null) {
                reconcileListener.reconciled(id, null, System.nanoTime() - started);
                return ledger.lastPlan();
            }
            Instant now = clock.instant();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Member m : observed) {
                seen.add(m.id());
            }
            hooks.retain(seen);
            expired = hooks.expire(now);
            // A member held by its launch hook is not in service yet: not ready, not counted by an update.
            observed = observed.stream().map(m -> hooks.held(m.id())
                    ? m.withHealth(io.infrakit.spi.flavor.Health.UNKNOWN, null, 0) : m).toList();
            ControllerState state = ledger.snapshotFor(cfg.configHash());
            plan = Planner.plan(cfg, observed, state, cfg.policy(), now, batch);
            InFlight.Noted noted = ledger.notePlan(plan);
            transitions.publish(noted.previous(), plan, noted.newlyPaused(), state, cfg);
            applier.apply(b, plan, now);
            failedHash = plan.rollback() != null && ledger.rollout().requestRollback(cfg.configHash()) ? cfg.configHash() : null;
            reconcileListener.reconciled(id, plan, System.nanoTime() - started);
        } finally {
            reconcileLock.unlock();
        }
        for (LifecycleHooks.Outcome o : expired) {
            apply(o);
        }
        if (failedHash != null) {
            // Outside the lock: the manager's commit path takes its own locks, which may wait on this one.
            String reason = plan.rollback();
            LOG.warn("group={} rolling back config {}: {}", id, failedHash, reason);
            events.publish(EventType.ROLLBACK_STARTED, id, null, "config " + failedHash + ": " + reason);
            actions.execute(() -> rollBack(failedHash, reason));
        }
        return plan;
    }

    /** Commits the version before the config {@code failedHash} again, marked as a rollback ({@link ConfigRollback}). */
    String rollBack(String failedHash, String reason) {
        return configRollback.rollBack(failedHash, reason);
    }

    /** The binding before the last config change: the in-memory rollback target, or null. */
    Binding previous() {
        return previous;
    }

    /**
     * {@code infrakit group hook complete}: the answer of the hook waiting for {@code instanceId}.
     * Returns what it did.
     */
    public String completeHook(String instanceId, boolean proceed) {
        LifecycleHooks.Outcome o = hooks.complete(instanceId, proceed);
        apply(o);
        return (o.launch() ? "launch" : "terminate") + " of " + instanceId + ": " + (proceed ? "continue" : "abandon")
                + (o.launch() ? (proceed ? "; it counts as in service" : "; it is destroyed and replaced")
                : "; it is destroyed");
    }

    private void apply(LifecycleHooks.Outcome o) {
        if (!o.launch()) {
            if (o.destroy() != null) {
                o.destroy().run();
            }
            return;
        }
        if (!o.proceed()) {
            for (InstanceDescription d : lastObserved()) {
                if (d.id().equals(o.instanceId())) {
                    actions.execute(() -> destroyNow(List.of(d), "launch hook abandoned"));
                }
            }
        }
        onWork.run();
    }

    /** The next config with {@code hash} to arrive is a rollback for {@code reason} (never rolled back itself). */
    public void expectRollback(String hash, String reason) {
        ledger.rollout().expectRollback(hash, reason);
    }

    /** Why the current config is a rollback, or null. */
    public String rollbackReason() {
        return ledger.rollout().rollbackReason(binding.config().configHash());
    }

    /** True while a canary of the current config holds the update (from the last reconcile). */
    public boolean canaryWaiting() {
        Plan p = ledger.lastPlan();
        GroupConfig cfg = binding.config();
        return cfg.policy().rollout().canary() > 0 && p != null && p.outdated() > 0 && p.rollout() != null
                && p.rollout().startsWith("canary");
    }

    /** Lets the canary of the current config go on to every member. */
    public void promote() {
        ledger.rollout().promote(binding.config().configHash());
        events.publish(EventType.CANARY_PROMOTED, id, null, "config " + binding.config().configHash()
                + " goes on to every member");
        onWork.run();
    }

    /** The plan a reconcile would make now from the last observation, without acting or calling a plugin. */
    public Plan preview(GroupConfig cfg) {
        List<Member> members = ledger.members(ledger.lastObserved());
        return Planner.plan(cfg, members, ledger.snapshotFor(cfg.configHash()), cfg.policy(), clock.instant(), batch);
    }

    /**
     * Destroys the given members now (DestroyInstances, DestroyGroup), recording them in flight first
     * so that a concurrent reconcile neither counts them nor picks others. Returns the failures, if any.
     */
    public List<String> destroyNow(List<InstanceDescription> targets, String reason) {
        reconcileLock.lock();
        try {
            return applier.destroyNow(binding, targets, reason);
        } finally {
            reconcileLock.unlock();
        }
    }

    /**
     * After {@link #stop()}: waits (up to {@code max}) for provision calls still running, and returns
     * the IDs of instances provisioned but not visible yet.
     */
    public List<String> drainProvisions(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (ledger.provisionCallsRunning() && System.nanoTime() <= deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return ledger.provisionedNotSeen();
    }

    /** Handles a change pushed by a provider; the caller then asks for a reconcile. */
    public void noteChange(InstanceChange change) {
        if (change.kind() == InstanceChange.Kind.LOST && change.instanceId() != null) {
            ledger.forgetProvisionOf(change.instanceId());
        }
    }

    /** Members as last observed (properties=false; no plugin call), with Converged and our status. */
    public GroupDescription describe() {
        GroupStatus st = status();
        return new GroupDescription(lastObserved(), st.converged(), st);
    }

    /**
     * The members the last reconcile saw, without properties, minus those whose destroy has returned
     * since. Answers without a DescribeInstances: empty until the first observation.
     */
    public List<InstanceDescription> lastObserved() {
        return ledger.lastObserved();
    }

    /** The group's status from the last reconcile. */
    public GroupStatus status() {
        return Transitions.status(binding.config(), ledger.view(), clock.instant());
    }

    public Plan lastPlan() {
        return ledger.lastPlan();
    }

    /** Visible members last observed, without properties. */
    public Set<String> lastSeenIds() {
        return ledger.lastSeenIds();
    }

    /** Who is told about each reconcile pass (metrics). */
    void listen(ReconcileListener listener) {
        this.reconcileListener = listener == null ? ReconcileListener.NONE : listener;
    }

    /** The members last observed as the planner saw them (health included), without calling a plugin. */
    public List<Member> members() {
        return ledger.members(ledger.lastObserved());
    }

    /** True while a provision or destroy call of this group has not returned. */
    boolean callsRunning() {
        return ledger.callsRunning();
    }

    /** Provisions and destroys in flight, from the ledger, without calling a plugin. */
    public ControllerState inFlight() {
        return ledger.snapshot();
    }
}

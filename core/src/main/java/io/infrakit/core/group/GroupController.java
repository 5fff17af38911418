package io.infrakit.core.group;

import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.spi.GoDuration;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.flavor.Index;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupStatus;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Converges one group: observe (DescribeInstances with properties=false, plus the operations in
 * flight, plus flavor health), plan ({@link Planner}, pure), act (actions on the executor, each
 * recorded in flight before it starts and reported as an event). One {@link #reconcile()} at a time.
 */
public final class GroupController {

    private static final Logger LOG = LoggerFactory.getLogger(GroupController.class);
    /** Below this many checks, health is asked on the reconciling thread: cheaper than fanning out. */
    private static final int HEALTH_SERIAL_LIMIT = 64;
    private static final int HEALTH_FAN_OUT = 16;

    /** The spec and the plugins it names, swapped as one on commit. */
    public record Binding(GroupConfig config, InstancePlugin instance, FlavorPlugin flavor) {
    }

    private record HealthRecord(Health health, Instant since, int streak, Instant checkedAt, boolean everHealthy) {
    }

    private final String id;
    private final Clock clock;
    private final EventBus events;
    private final Executor actions;
    private final Executor healthChecks;
    private final Duration defaultPollInterval;
    private final Runnable onWork;
    private final ReentrantLock reconcileLock = new ReentrantLock();

    private volatile Binding binding;

    // Guarded by "this"; plugin calls are never made while holding it.
    private final Map<Long, PendingProvision> provisions = new LinkedHashMap<>();
    private final Map<String, PendingDestroy> destroys = new HashMap<>();
    private final Map<String, HealthRecord> health = new HashMap<>();
    private final Map<String, Instant> since = new HashMap<>();
    private Map<String, InstanceDescription> lastSeen = Map.of();
    private int provisionFailures;
    private Instant lastProvisionFailure;
    private String updatePaused;
    private int failedRemediations;
    private String lastError;
    private Plan lastPlan;
    private long nextToken = 1;
    private long nextSequence = -1;
    private boolean stopped;

    /**
     * @param actions      runs provisions and destroys (bounded virtual threads in the daemon; the
     *                     calling thread in deterministic tests)
     * @param healthChecks runs batches of flavor health checks when there are many
     * @param onWork       asks for another reconcile soon (an action finished, a provider pushed a change)
     */
    public GroupController(Binding binding, Clock clock, EventBus events, Executor actions, Executor healthChecks,
                           Duration defaultPollInterval, Runnable onWork) {
        this.id = binding.config().id();
        this.binding = binding;
        this.clock = clock;
        this.events = events;
        this.actions = actions;
        this.healthChecks = healthChecks;
        this.defaultPollInterval = defaultPollInterval;
        this.onWork = onWork;
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
        String resumed = null;
        synchronized (this) {
            this.binding = newBinding;
            if (resume && updatePaused != null) {
                resumed = updatePaused;
                updatePaused = null;
            }
            if (resume) {
                failedRemediations = 0;
            }
        }
        if (resumed != null) {
            events.publish(EventType.UPDATE_RESUMED, id, null, "resumed by commit (was paused: " + resumed + ")");
        }
    }

    /** Stops acting: later reconciles do nothing. In-flight calls finish on their own. */
    public synchronized void stop() {
        stopped = true;
    }

    public synchronized boolean isPaused() {
        return updatePaused != null;
    }

    /** True while replacements that never turned healthy hold back remediation (a commit releases it). */
    public synchronized boolean isRemediationHeld() {
        return failedRemediations > 0 && lastPlan != null && lastPlan.remediationStopped() != null;
    }

    /** One observe / plan / act pass. Returns the plan, or the last one when observing failed. */
    public Plan reconcile() {
        reconcileLock.lock();
        try {
            synchronized (this) {
                if (stopped) {
                    return lastPlan;
                }
            }
            Binding b = binding;
            GroupConfig cfg = b.config();
            Instant started = clock.instant();
            List<InstanceDescription> found;
            try {
                found = b.instance().describeInstances(Map.of(Tags.GROUP, id), false);
            } catch (RuntimeException e) {
                String msg = "DescribeInstances on " + cfg.instance().plugin() + " failed: " + e.getMessage();
                synchronized (this) {
                    lastError = msg;
                }
                LOG.warn("group={} observe failed: {}", id, msg);
                events.publish(EventType.OBSERVE_FAILED, id, null, msg);
                return lastPlan;
            }
            List<Member> observed = observe(b, found, started);
            Plan plan;
            ControllerState state;
            synchronized (this) {
                state = snapshot();
            }
            Instant now = clock.instant();
            plan = Planner.plan(cfg, observed, state, cfg.policy(), now);
            record(plan, state);
            act(b, plan, now);
            return plan;
        } finally {
            reconcileLock.unlock();
        }
    }

    /** The plan a reconcile would make now, without acting (for Pretend and the CLI's plan). */
    public Plan preview(GroupConfig cfg) {
        Binding b = binding;
        List<InstanceDescription> found = b.instance().describeInstances(Map.of(Tags.GROUP, id), false);
        List<Member> members = new ArrayList<>();
        synchronized (this) {
            for (InstanceDescription d : found) {
                HealthRecord h = health.get(d.id());
                members.add(new Member(d.id(), Member.logicalIdOf(d), tagsOf(d),
                        h == null ? Health.UNKNOWN : h.health(), h == null ? null : h.since(),
                        h == null ? 0 : h.streak(), since.get(d.id())));
            }
            return Planner.plan(cfg, members, snapshot(), cfg.policy(), clock.instant());
        }
    }

    private ControllerState snapshot() {
        return new ControllerState(new ArrayList<>(provisions.values()), destroys, provisionFailures,
                lastProvisionFailure, updatePaused, failedRemediations);
    }

    private static Map<String, String> tagsOf(InstanceDescription d) {
        return d.tags() == null ? Map.of() : d.tags();
    }

    /** Reconciles the in-flight records with what is visible, refreshes health, builds the members. */
    private List<Member> observe(Binding b, List<InstanceDescription> found, Instant started) {
        Instant now = clock.instant();
        GroupConfig cfg = b.config();
        Map<String, InstanceDescription> seen = new HashMap<>(found.size() * 2);
        for (InstanceDescription d : found) {
            if (id.equals(d.tag(Tags.GROUP))) { // a plugin that ignores the tag filter must not confuse us
                seen.put(d.id(), d);
            }
        }
        List<String> lost = new ArrayList<>();
        List<String> timedOut = new ArrayList<>();
        List<InstanceDescription> toCheck = new ArrayList<>();
        Duration poll = pollInterval();
        synchronized (this) {
            if (nextSequence < 0) {
                nextSequence = seen.size();
            }
            for (var it = provisions.values().iterator(); it.hasNext(); ) {
                PendingProvision p = it.next();
                if (p.instanceId() != null && seen.containsKey(p.instanceId())) {
                    it.remove();
                } else if (!now.isBefore(p.issuedAt().plus(cfg.policy().provisionTimeout()))) {
                    it.remove();
                    timedOut.add(p.instanceId() == null ? "(call still running)" : p.instanceId());
                    provisionFailures++;
                    lastProvisionFailure = now;
                    lastError = "instance " + p.instanceId() + " provisioned at " + p.issuedAt() + " never became"
                            + " visible within " + GoDuration.format(cfg.policy().provisionTimeout());
                }
            }
            for (String was : lastSeen.keySet()) {
                if (!seen.containsKey(was) && !destroys.containsKey(was)) {
                    lost.add(was);
                }
            }
            for (var it = destroys.values().iterator(); it.hasNext(); ) {
                PendingDestroy d = it.next();
                boolean gone = !seen.containsKey(d.instanceId());
                // Only an observation started after the destroy returned proves it gone (no stale list).
                if (gone && d.completedAt() != null && !started.isBefore(d.completedAt())) {
                    it.remove();
                } else if (gone && !now.isBefore(d.issuedAt().plus(cfg.policy().provisionTimeout()))) {
                    it.remove();
                }
            }
            for (String was : lastSeen.keySet()) {
                if (!seen.containsKey(was)) {
                    health.remove(was);
                    since.remove(was);
                }
            }
            for (InstanceDescription d : seen.values()) {
                since.putIfAbsent(d.id(), now);
                if (destroys.containsKey(d.id())) {
                    continue;
                }
                HealthRecord h = health.get(d.id());
                if (h == null || !now.isBefore(h.checkedAt().plus(poll))) {
                    toCheck.add(d);
                }
            }
            lastSeen = seen;
        }
        for (String t : timedOut) {
            LOG.warn("group={} instance={} provision timed out", id, t);
            events.publish(EventType.PROVISION_TIMED_OUT, id, t, "not visible after "
                    + GoDuration.format(cfg.policy().provisionTimeout()));
        }
        for (String l : lost) {
            LOG.info("group={} instance={} lost (gone without a destroy)", id, l);
            events.publish(EventType.LOST, id, l, "no longer reported by " + cfg.instance().plugin());
        }
        Map<String, Health> verdicts = checkHealth(b, toCheck);
        List<String[]> changes = new ArrayList<>();
        List<Member> members = new ArrayList<>(seen.size());
        synchronized (this) {
            for (Map.Entry<String, Health> v : verdicts.entrySet()) {
                HealthRecord old = health.get(v.getKey());
                Health h = v.getValue();
                HealthRecord next;
                boolean everHealthy = (old != null && old.everHealthy()) || h == Health.HEALTHY;
                if (h == Health.HEALTHY && (old == null || !old.everHealthy())) {
                    failedRemediations = 0; // a member turned healthy: whatever broke the others may be fixed
                }
                if (old == null || old.health() != h) {
                    next = new HealthRecord(h, now, h == Health.HEALTHY ? 1 : 0, now, everHealthy);
                    if (h != Health.UNKNOWN) {
                        changes.add(new String[]{v.getKey(), h.name()});
                    }
                } else {
                    next = new HealthRecord(h, old.since(), h == Health.HEALTHY ? old.streak() + 1 : 0, now,
                            everHealthy);
                }
                health.put(v.getKey(), next);
            }
            for (InstanceDescription d : seen.values()) {
                HealthRecord h = health.get(d.id());
                members.add(new Member(d.id(), Member.logicalIdOf(d), tagsOf(d),
                        h == null ? Health.UNKNOWN : h.health(), h == null ? null : h.since(),
                        h == null ? 0 : h.streak(), since.get(d.id())));
            }
        }
        for (String[] c : changes) {
            events.publish(c[1].equals("HEALTHY") ? EventType.HEALTHY : EventType.UNHEALTHY, id, c[0], null);
        }
        return members;
    }

    /** Flavor verdicts, batched across virtual threads when there are many (never per poll more than once). */
    private Map<String, Health> checkHealth(Binding b, List<InstanceDescription> toCheck) {
        Map<String, Health> out = new HashMap<>(toCheck.size() * 2);
        if (toCheck.isEmpty()) {
            return out;
        }
        var props = b.config().flavor().properties();
        if (toCheck.size() <= HEALTH_SERIAL_LIMIT) {
            for (InstanceDescription d : toCheck) {
                out.put(d.id(), healthOf(b, props, d));
            }
            return out;
        }
        int chunk = (toCheck.size() + HEALTH_FAN_OUT - 1) / HEALTH_FAN_OUT;
        List<CompletableFuture<Map<String, Health>>> parts = new ArrayList<>();
        for (int i = 0; i < toCheck.size(); i += chunk) {
            List<InstanceDescription> slice = toCheck.subList(i, Math.min(toCheck.size(), i + chunk));
            parts.add(CompletableFuture.supplyAsync(() -> {
                Map<String, Health> m = new HashMap<>(slice.size() * 2);
                for (InstanceDescription d : slice) {
                    m.put(d.id(), healthOf(b, props, d));
                }
                return m;
            }, healthChecks));
        }
        for (CompletableFuture<Map<String, Health>> p : parts) {
            out.putAll(p.join());
        }
        return out;
    }

    private Health healthOf(Binding b, com.fasterxml.jackson.databind.JsonNode props, InstanceDescription d) {
        try {
            Health h = b.flavor().healthy(props, d);
            return h == null ? Health.UNKNOWN : h;
        } catch (RuntimeException e) {
            synchronized (this) {
                lastError = "Healthy on " + b.config().flavor().plugin() + " failed for " + d.id() + ": "
                        + e.getMessage();
            }
            return Health.UNKNOWN;
        }
    }

    /** Keeps what the plan decided about the group's state and reports changes as events. */
    private void record(Plan plan, ControllerState before) {
        Plan previous;
        String newlyPaused = null;
        synchronized (this) {
            previous = lastPlan;
            if (plan.outdated() == 0) {
                updatePaused = null;
            } else if (plan.updatePaused() != null && updatePaused == null) {
                updatePaused = plan.updatePaused();
                newlyPaused = updatePaused;
            }
            if (plan.converged()) {
                lastError = null;
            }
            lastPlan = plan;
        }
        if (newlyPaused != null) {
            LOG.warn("group={} rolling update paused: {}", id, newlyPaused);
            events.publish(EventType.UPDATE_PAUSED, id, null, newlyPaused);
        }
        boolean wasUpdating = previous != null && previous.outdated() > 0;
        if (plan.outdated() > 0 && !wasUpdating) {
            events.publish(EventType.UPDATE_STARTED, id, null, plan.outdated() + " members to update to config "
                    + config().configHash());
        } else if (plan.outdated() == 0 && wasUpdating) {
            events.publish(EventType.UPDATE_COMPLETED, id, null, "every member has config " + config().configHash());
        }
        String wasStopped = previous == null ? null : previous.remediationStopped();
        if (plan.remediationStopped() != null && wasStopped == null) {
            LOG.warn("group={} remediation stopped: {}", id, plan.remediationStopped());
            events.publish(EventType.REMEDIATION_STOPPED, id, null, plan.remediationStopped());
        } else if (plan.remediationStopped() == null && wasStopped != null) {
            events.publish(EventType.REMEDIATION_RESUMED, id, null, "unhealthy members are replaced again");
        }
        boolean wasBackoff = previous != null && previous.backoffUntil() != null;
        if (plan.backoffUntil() != null && !wasBackoff) {
            events.publish(EventType.PROVISION_BACKOFF, id, null, "after " + before.provisionFailures()
                    + " failed provisions, next attempt at " + plan.backoffUntil());
        }
        if (plan.converged() && (previous == null || !previous.converged())) {
            LOG.info("group={} converged at {} members", id, plan.desired());
            events.publish(EventType.CONVERGED, id, null, plan.desired() + " members, config " + config().configHash());
        }
    }

    private void act(Binding b, Plan plan, Instant now) {
        if (plan.actions().isEmpty()) {
            return;
        }
        GroupConfig cfg = b.config();
        for (Action a : plan.actions()) {
            switch (a) {
                case Action.Provision p -> {
                    PendingProvision pending;
                    long seq;
                    synchronized (this) {
                        pending = new PendingProvision(nextToken++, null, p.logicalId(), cfg.configHash(), now);
                        provisions.put(pending.token(), pending);
                        seq = nextSequence++;
                    }
                    actions.execute(() -> provision(b, pending, seq, p.reason()));
                }
                case Action.Destroy d -> {
                    InstanceDescription target;
                    synchronized (this) {
                        target = lastSeen.get(d.instanceId());
                        if (target == null || !id.equals(target.tag(Tags.GROUP))) {
                            // The planner never asks this; refusing here too costs nothing.
                            LOG.error("group={} instance={} refused to destroy: not tagged {}={}", id,
                                    d.instanceId(), Tags.GROUP, id);
                            continue;
                        }
                        destroys.put(d.instanceId(), new PendingDestroy(d.instanceId(), now, null));
                        HealthRecord h = health.get(d.instanceId());
                        if (d.cause() == Action.Cause.UNHEALTHY && (h == null || !h.everHealthy())) {
                            failedRemediations++;
                        }
                    }
                    actions.execute(() -> destroy(b, target, d.rollingUpdate(), d.drain(), d.reason()));
                }
            }
        }
    }

    /** The spec given to the flavor's Prepare, with the tags that make the instance ours. */
    static InstanceSpec baseSpec(GroupConfig cfg, String logicalId) {
        return new InstanceSpec(cfg.instance().properties(), identityTags(cfg, logicalId), "", logicalId, null);
    }

    static Map<String, String> identityTags(GroupConfig cfg, String logicalId) {
        Map<String, String> tags = new TreeMap<>();
        tags.put(Tags.GROUP, cfg.id());
        tags.put(Tags.CONFIG_HASH, cfg.configHash());
        if (logicalId != null) {
            tags.put(Tags.LOGICAL_ID, logicalId);
        }
        return tags;
    }

    private void provision(Binding b, PendingProvision pending, long sequence, String reason) {
        GroupConfig cfg = b.config();
        try {
            InstanceSpec spec = baseSpec(cfg, pending.logicalId());
            InstanceSpec prepared = b.flavor().prepare(cfg.flavor().properties(), spec, cfg.allocation(),
                    new Index(id, sequence));
            if (prepared == null) {
                prepared = spec;
            }
            // The flavor may add tags; it may not take away what makes the instance a member.
            Map<String, String> tags = new TreeMap<>();
            if (prepared.tags() != null) {
                tags.putAll(prepared.tags());
            }
            tags.putAll(identityTags(cfg, pending.logicalId()));
            String instanceId = b.instance().provision(prepared.withTags(tags));
            if (instanceId == null || instanceId.isBlank()) {
                throw new IllegalStateException("the instance plugin returned no instance ID");
            }
            synchronized (this) {
                if (provisions.containsKey(pending.token())) {
                    provisions.put(pending.token(), pending.withInstanceId(instanceId));
                }
                since.put(instanceId, pending.issuedAt());
                provisionFailures = 0;
                lastProvisionFailure = null;
            }
            LOG.info("group={} instance={} provisioned ({})", id, instanceId,
                    reason + (pending.logicalId() == null ? "" : ", logical ID " + pending.logicalId()));
            events.publish(EventType.PROVISIONED, id, instanceId, reason);
        } catch (RuntimeException e) {
            int failures;
            synchronized (this) {
                provisions.remove(pending.token());
                provisionFailures++;
                failures = provisionFailures;
                lastProvisionFailure = clock.instant();
                lastError = "Provision on " + cfg.instance().plugin() + " failed: " + e.getMessage();
            }
            LOG.warn("group={} provision failed ({} in a row, {}): {}", id, failures, reason, e.getMessage());
            events.publish(EventType.PROVISION_FAILED, id, null, e.getMessage() + " (" + failures + " in a row)");
        }
        onWork.run();
    }

    private void destroy(Binding b, InstanceDescription target, boolean rolling, boolean drain, String reason) {
        GroupConfig cfg = b.config();
        String instanceId = target.id();
        if (drain) {
            try {
                b.flavor().drain(cfg.flavor().properties(), target);
                events.publish(EventType.DRAINED, id, instanceId, null);
            } catch (RuntimeException e) {
                // A member being replaced is often broken: a failed drain must not keep it alive forever.
                LOG.warn("group={} instance={} drain failed, destroying anyway: {}", id, instanceId, e.getMessage());
                events.publish(EventType.DRAIN_FAILED, id, instanceId, e.getMessage());
            }
        }
        try {
            b.instance().destroy(instanceId, rolling ? DestroyContext.rollingUpdate() : DestroyContext.terminate());
            synchronized (this) {
                PendingDestroy d = destroys.get(instanceId);
                if (d != null) {
                    destroys.put(instanceId, d.completed(clock.instant()));
                }
                health.remove(instanceId);
            }
            LOG.info("group={} instance={} destroyed ({})", id, instanceId, reason);
            events.publish(EventType.DESTROYED, id, instanceId, reason);
        } catch (RuntimeException e) {
            synchronized (this) {
                destroys.remove(instanceId);
                lastError = "Destroy of " + instanceId + " on " + cfg.instance().plugin() + " failed: " + e.getMessage();
            }
            LOG.warn("group={} instance={} destroy failed ({}): {}", id, instanceId, reason, e.getMessage());
            events.publish(EventType.DESTROY_FAILED, id, instanceId, e.getMessage());
        }
        onWork.run();
    }

    /**
     * Destroys the given members now (DestroyInstances), recording them in flight first so that a
     * concurrent reconcile neither counts them nor picks others. Returns the failures, if any.
     */
    public List<String> destroyNow(List<InstanceDescription> targets, String reason) {
        reconcileLock.lock();
        try {
            Binding b = binding;
            Instant now = clock.instant();
            synchronized (this) {
                for (InstanceDescription t : targets) {
                    destroys.put(t.id(), new PendingDestroy(t.id(), now, null));
                }
            }
            List<String> failures = new ArrayList<>();
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (InstanceDescription t : targets) {
                running.add(CompletableFuture.runAsync(() -> {
                    destroy(b, t, false, b.config().policy().drainBeforeDestroy(), reason);
                    synchronized (this) {
                        if (!destroys.containsKey(t.id())) {
                            failures.add(t.id() + ": " + lastError);
                        }
                    }
                }, actions));
            }
            running.forEach(CompletableFuture::join);
            return failures;
        } finally {
            reconcileLock.unlock();
        }
    }

    /**
     * After {@link #stop()}: waits (up to {@code max}) for provision calls still running, and returns
     * the IDs of instances provisioned but not visible yet, so that DestroyGroup leaves no orphan.
     */
    public List<String> drainProvisions(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            synchronized (this) {
                boolean running = provisions.values().stream().anyMatch(p -> p.instanceId() == null);
                if (!running || System.nanoTime() > deadline) {
                    List<String> ids = new ArrayList<>();
                    for (PendingProvision p : provisions.values()) {
                        if (p.instanceId() != null) {
                            ids.add(p.instanceId());
                        }
                    }
                    return ids;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    /** Handles a change pushed by a provider; the caller then asks for a reconcile. */
    public void noteChange(InstanceChange change) {
        if (change.kind() == InstanceChange.Kind.LOST && change.instanceId() != null) {
            synchronized (this) {
                // A provision whose instance is already gone must not hold its place until the timeout.
                provisions.values().removeIf(p -> change.instanceId().equals(p.instanceId()));
            }
        }
    }

    /** Members as seen now (a fresh DescribeInstances, properties=false), with Converged and our status. */
    public GroupDescription describe() {
        Binding b = binding;
        List<InstanceDescription> found = b.instance().describeInstances(Map.of(Tags.GROUP, id), false);
        List<InstanceDescription> members = new ArrayList<>(found.size());
        for (InstanceDescription d : found) {
            if (id.equals(d.tag(Tags.GROUP))) {
                members.add(d);
            }
        }
        GroupStatus st = status();
        return new GroupDescription(members, st.converged(), st);
    }

    /** The group's status from the last reconcile. */
    public synchronized GroupStatus status() {
        Plan p = lastPlan;
        GroupConfig cfg = binding.config();
        if (p == null) {
            return new GroupStatus(cfg.desired(), 0, 0, 0, provisions.size(), destroys.size(), 0, false,
                    updatePaused, null, provisionFailures, null, lastError, "not observed yet");
        }
        Instant backoffUntil = null;
        if (provisionFailures > 0 && lastProvisionFailure != null) {
            Instant until = lastProvisionFailure.plus(GroupPolicy.backoff(provisionFailures));
            if (clock.instant().isBefore(until)) {
                backoffUntil = until;
            }
        }
        return new GroupStatus(cfg.desired(), p.running(), p.healthy(), p.unhealthy(), p.provisioning(),
                p.destroying(), p.outdated(), p.converged() && cfg.desired() == p.desired(), updatePaused,
                p.remediationStopped(), provisionFailures, backoffUntil == null ? null : backoffUntil.toString(),
                lastError, p.message());
    }

    public synchronized Plan lastPlan() {
        return lastPlan;
    }

    /** Visible members last observed, without properties. */
    public synchronized Set<String> lastSeenIds() {
        return new HashSet<>(lastSeen.keySet());
    }
}

package io.infrakit.core.group;

import io.infrakit.core.group.plan.Action;
import io.infrakit.core.group.plan.ControllerState;
import io.infrakit.core.group.plan.Member;
import io.infrakit.core.group.plan.PendingDestroy;
import io.infrakit.core.group.plan.PendingProvision;
import io.infrakit.core.group.plan.Plan;
import io.infrakit.spi.GoDuration;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.instance.InstanceDescription;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ledger of one group controller, and its only mutable state: provisions and destroys in flight,
 * consecutive provision failures, a paused update, failed remediations, what the last observation saw
 * and the health verdicts kept between polls. The planner reads it as a {@link ControllerState}.
 *
 * <p>Every method holds this object's monitor briefly and never calls a plugin, so no I/O ever runs
 * under it. Times come in as arguments: the ledger reads no clock.
 */
final class InFlight {

    /** What an observation changed: members seen (tagged for the group), lost, timed out, to check. */
    record Observation(Map<String, InstanceDescription> seen, List<String> lost, List<String> timedOut,
                       List<InstanceDescription> toCheck) {
    }

    /** A member whose health changed to HEALTHY or UNHEALTHY. */
    record HealthChange(String instanceId, Health health) {
    }

    /** A provision recorded before its call starts; {@code sequence} is the flavor's Index. */
    record Started(PendingProvision pending, long sequence, long attempt) {
    }

    /** One consistent reading for status: the planner's state, the last plan and the last error. */
    record View(ControllerState state, Plan lastPlan, String lastError) {
    }

    private final Map<Long, PendingProvision> provisions = new LinkedHashMap<>();
    private final Map<String, PendingDestroy> destroys = new HashMap<>();
    private final HealthVerdicts health = new HealthVerdicts();
    private final Map<String, Instant> since = new HashMap<>();
    /** Compact records (ID, logical ID, tags; no Properties): see {@link CompactMembers}. */
    private Map<String, InstanceDescription> lastSeen = Map.of();
    private final CompactMembers compact = new CompactMembers();
    /** Guarded by this object's monitor, like the rest of the ledger. */
    private final ProvisionBackoff backoff = new ProvisionBackoff();
    private String updatePaused;
    private int failedRemediations;
    private String lastError;
    private Plan lastPlan;
    private long nextToken = 1;
    private long nextSequence = -1;
    private boolean stopped;
    private final RolloutMarks rollout = new RolloutMarks();
    private final WarmStarts warmStarts = new WarmStarts();

    synchronized ControllerState snapshot() {
        return new ControllerState(new ArrayList<>(provisions.values()), destroys, backoff.failures(),
                backoff.failedAttempts(), backoff.lastFailure(), updatePaused, failedRemediations);
    }

    /** The planner's state for a group whose config has {@code hash}: with its rollback and canary marks. */
    synchronized ControllerState snapshotFor(String hash) {
        return rollout.applyTo(snapshot(), hash);
    }

    /** The rollout marks (rollback, promoted canary) kept beside the ledger. */
    RolloutMarks rollout() {
        return rollout;
    }

    /** Warm pool members being started. */
    WarmStarts warmStarts() {
        return warmStarts;
    }

    synchronized View view() {
        return new View(snapshot(), lastPlan, lastError);
    }

    // ---- observation ----

    /**
     * Reconciles the ledger with the members an observation found: drops provisions that arrived,
     * writes off those not visible within {@code provisionTimeout}, notices members gone without a
     * destroy (lost), retires destroys proven by this observation, and picks who needs a health check
     * (not checked within {@code poll}).
     *
     * @param started when the DescribeInstances began: only a listing begun after a destroy returned
     *                proves the instance gone
     */
    synchronized Observation observe(Collection<InstanceDescription> members, Instant started, Instant now,
                                     Duration provisionTimeout, Duration poll) {
        Map<String, InstanceDescription> seen = new LinkedHashMap<>(members.size() * 2);
        for (InstanceDescription d : members) {
            seen.put(d.id(), compact.of(d, lastSeen.get(d.id())));
        }
        if (nextSequence < 0) {
            nextSequence = seen.size();
        }
        List<String> timedOut = new ArrayList<>();
        for (var it = provisions.values().iterator(); it.hasNext(); ) {
            PendingProvision p = it.next();
            if (p.instanceId() != null && seen.containsKey(p.instanceId())) {
                it.remove();
            } else if (!now.isBefore(p.issuedAt().plus(provisionTimeout))) {
                it.remove();
                timedOut.add(p.instanceId() == null ? "(call still running)" : p.instanceId());
                backoff.provisionTimedOut();
                lastError = "instance " + p.instanceId() + " provisioned at " + p.issuedAt() + " never became"
                        + " visible within " + GoDuration.format(provisionTimeout);
            }
        }
        if (!timedOut.isEmpty()) {
            backoff.attemptTimedOut(now);
        }
        List<String> lost = new ArrayList<>();
        for (String was : lastSeen.keySet()) {
            if (!seen.containsKey(was)) {
                health.forget(was);
                since.remove(was);
                if (!destroys.containsKey(was)) { // gone without a destroy of ours
                    lost.add(was);
                }
            }
        }
        for (var it = destroys.values().iterator(); it.hasNext(); ) {
            PendingDestroy d = it.next();
            boolean gone = !seen.containsKey(d.instanceId());
            // Only an observation started after the destroy returned proves it gone (no stale list).
            if (gone && d.completedAt() != null && !started.isBefore(d.completedAt())) {
                it.remove();
            } else if (gone && !now.isBefore(d.issuedAt().plus(provisionTimeout))) {
                it.remove();
            }
        }
        List<InstanceDescription> toCheck = new ArrayList<>();
        for (InstanceDescription d : seen.values()) {
            since.putIfAbsent(d.id(), now);
            // A warm pool member is stopped: no health check, no verdict (Policy.WarmPool).
            if (destroys.containsKey(d.id()) || io.infrakit.spi.Tags.TRUE.equals(d.tag(io.infrakit.spi.Tags.WARM))) {
                continue;
            }
            HealthRecord h = health.get(d.id());
            if (h == null || !now.isBefore(h.checkedAt().plus(poll))) {
                toCheck.add(d);
            }
        }
        lastSeen = seen;
        return new Observation(seen, lost, timedOut, toCheck);
    }

    /** Keeps the flavor's verdicts; returns the members whose health changed to a known value. */
    synchronized List<HealthChange> recordHealth(Map<String, Health> verdicts, Instant now) {
        List<HealthChange> changes = new ArrayList<>();
        if (health.record(verdicts, now, changes)) {
            failedRemediations = 0; // a member turned healthy: whatever broke the others may be fixed
        }
        return changes;
    }

    /** Keeps the flavor's verdicts apart (Policy.HealthCheck combines them with the controller's). */
    synchronized void recordFlavor(Map<String, Health> verdicts) {
        health.recordFlavor(verdicts);
    }

    synchronized Health flavorOf(String id) {
        return health.flavorOf(id);
    }

    synchronized boolean destroying(String id) {
        return destroys.containsKey(id);
    }

    /** Since when the controller knows each of these members. */
    synchronized Map<String, Instant> since(Collection<String> ids) {
        Map<String, Instant> out = new HashMap<>();
        for (String id : ids) {
            Instant t = since.get(id);
            if (t != null) {
                out.put(id, t);
            }
        }
        return out;
    }

    /** The planner's view of these instances with what the ledger knows of them: the one place a Member is built. */
    synchronized List<Member> members(Collection<InstanceDescription> found) {
        List<Member> members = new ArrayList<>(found.size());
        for (InstanceDescription d : found) {
            HealthRecord h = health.get(d.id());
            Map<String, String> tags = d.tags() == null ? Map.of() : d.tags();
            if (warmStarts.contains(d.id())) {
                // Taken from the warm pool: it serves from the moment its start was issued.
                tags = new HashMap<>(tags);
                tags.put(io.infrakit.spi.Tags.WARM, "false");
            }
            members.add(new Member(d.id(), Member.logicalIdOf(d), tags,
                    h == null ? Health.UNKNOWN : h.health(), h == null ? null : h.since(),
                    h == null ? 0 : h.streak(), since.get(d.id())));
        }
        return members;
    }

    /**
     * A warm pool member was started: it is new as far as health and age go (it was stopped, and any
     * verdict from before would let remediation or MaxLifetime act on a member that just began).
     */
    synchronized void restarted(String instanceId, Instant now) {
        health.forget(instanceId);
        since.put(instanceId, now);
    }

    /** Members the last observation saw (properties=false), minus those whose destroy has returned. */
    synchronized List<InstanceDescription> lastObserved() {
        List<InstanceDescription> out = new ArrayList<>(lastSeen.size());
        for (InstanceDescription d : lastSeen.values()) {
            PendingDestroy pd = destroys.get(d.id());
            if (pd == null || pd.completedAt() == null) {
                out.add(d);
            }
        }
        return out;
    }

    synchronized Set<String> lastSeenIds() {
        return new HashSet<>(lastSeen.keySet());
    }

    // ---- provisions ----

    /** Starts a provisioning attempt: the provisions one reconcile issues, counted together for backoff. */
    synchronized long beginAttempt() {
        return backoff.beginAttempt();
    }

    /** A provision into the warm pool when {@code warm}: it counts toward the pool, not the size. */
    synchronized Started startProvision(long attempt, String logicalId, String configHash, Instant now, boolean warm) {
        PendingProvision p = new PendingProvision(nextToken++, null, logicalId, configHash, now, warm);
        provisions.put(p.token(), p);
        return new Started(p, nextSequence++, attempt);
    }

    /** The call returned {@code instanceId}: it counts as in flight until an observation shows it. */
    synchronized void provisioned(Started s, String instanceId) {
        long token = s.pending().token();
        if (provisions.containsKey(token)) {
            provisions.put(token, s.pending().withInstanceId(instanceId));
        }
        since.put(instanceId, s.pending().issuedAt());
        backoff.succeeded(s.attempt());
    }

    /** The call failed; returns the consecutive failed provisions so far. */
    synchronized int provisionFailed(Started s, String error, Instant now) {
        provisions.remove(s.pending().token());
        int failures = backoff.failed(s.attempt(), now);
        lastError = error;
        return failures;
    }

    /** A provision whose instance is already gone must not hold its place until the timeout. */
    synchronized void forgetProvisionOf(String instanceId) {
        provisions.values().removeIf(p -> instanceId.equals(p.instanceId()));
    }

    synchronized boolean provisionCallsRunning() {
        return provisions.values().stream().anyMatch(p -> p.instanceId() == null);
    }

    /** True while a provision or destroy call of this group has not returned (queued or running). */
    synchronized boolean callsRunning() {
        return provisionCallsRunning() || destroys.values().stream().anyMatch(d -> d.completedAt() == null);
    }

    /** Instances provisioned but not seen by an observation yet. */
    synchronized List<String> provisionedNotSeen() {
        List<String> ids = new ArrayList<>();
        for (PendingProvision p : provisions.values()) {
            if (p.instanceId() != null) {
                ids.add(p.instanceId());
            }
        }
        return ids;
    }

    // ---- destroys ----

    /**
     * Records a destroy the planner asked for and returns its target as last observed, or null when
     * the last observation holds no such member of {@code group} (then nothing is recorded).
     */
    synchronized InstanceDescription startDestroy(Action.Destroy d, String group, Instant now) {
        InstanceDescription target = lastSeen.get(d.instanceId());
        if (target == null || !group.equals(target.tag(Tags.GROUP))) {
            return null;
        }
        destroys.put(d.instanceId(), new PendingDestroy(d.instanceId(), now, null));
        HealthRecord h = health.get(d.instanceId());
        if (d.cause() == Action.Cause.UNHEALTHY && (h == null || !h.everHealthy())) {
            failedRemediations++;
        }
        return target;
    }

    /** Records destroys asked for directly (DestroyInstances, DestroyGroup). */
    synchronized void startDestroys(List<InstanceDescription> targets, Instant now) {
        for (InstanceDescription t : targets) {
            destroys.put(t.id(), new PendingDestroy(t.id(), now, null));
        }
    }

    synchronized void destroyed(String instanceId, Instant at) {
        PendingDestroy d = destroys.get(instanceId);
        if (d != null) {
            destroys.put(instanceId, d.completed(at));
        }
        health.forgetRecord(instanceId);
    }

    synchronized void destroyFailed(String instanceId, String error) {
        destroys.remove(instanceId);
        lastError = error;
    }

    // ---- plan, pause, errors ----

    /** What {@link #notePlan} changed: the plan before, and the reason of a pause that starts now. */
    record Noted(Plan previous, String newlyPaused) {
    }

    /** Keeps what the plan decided about the group's state (pause, last error, last plan). */
    synchronized Noted notePlan(Plan plan) {
        Plan previous = lastPlan;
        String newlyPaused = null;
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
        return new Noted(previous, newlyPaused);
    }

    /** A commit resumes a paused update and held remediation; returns why the update was paused, or null. */
    synchronized String resume() {
        String was = updatePaused;
        updatePaused = null;
        failedRemediations = 0;
        return was;
    }

    synchronized void noteError(String error) {
        lastError = error;
    }

    synchronized String lastError() {
        return lastError;
    }

    synchronized Plan lastPlan() {
        return lastPlan;
    }

    synchronized boolean isPaused() {
        return updatePaused != null;
    }

    synchronized boolean isRemediationHeld() {
        return failedRemediations > 0 && lastPlan != null && lastPlan.remediationStopped() != null;
    }

    synchronized void stop() {
        stopped = true;
    }

    synchronized boolean stopped() {
        return stopped;
    }
}

package io.infrakit.core.group;

import io.infrakit.spi.flavor.Health;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The health verdicts the ledger keeps between polls: each member's {@link HealthRecord}, and the flavor's
 * last verdict apart (Policy.HealthCheck combines it with the controller's own checks).
 * Not thread-safe: {@link InFlight} holds it and touches it only under its own monitor.
 */
final class HealthVerdicts {

    private final Map<String, HealthRecord> records = new HashMap<>();
    /** The flavor's last verdict per member, kept apart when the controller's own checks combine with it. */
    private final Map<String, Health> flavor = new HashMap<>();

    HealthRecord get(String id) {
        return records.get(id);
    }

    /** Forgets all a member's verdicts: it is gone, or it starts again from the warm pool. */
    void forget(String id) {
        records.remove(id);
        flavor.remove(id);
    }

    /** Forgets a member's record (its destroy returned); the flavor's verdict stays until it is gone. */
    void forgetRecord(String id) {
        records.remove(id);
    }

    /**
     * Keeps the verdicts; adds to {@code changes} the members whose health changed to a known value.
     * Returns true when a member turned healthy for the first time.
     */
    boolean record(Map<String, Health> verdicts, Instant now, List<InFlight.HealthChange> changes) {
        boolean turnedHealthy = false;
        for (Map.Entry<String, Health> v : verdicts.entrySet()) {
            HealthRecord old = records.get(v.getKey());
            Health h = v.getValue();
            boolean everHealthy = (old != null && old.everHealthy()) || h == Health.HEALTHY;
            if (h == Health.HEALTHY && (old == null || !old.everHealthy())) {
                turnedHealthy = true;
            }
            if ((old == null || old.health() != h) && h != Health.UNKNOWN) {
                changes.add(new InFlight.HealthChange(v.getKey(), h));
            }
            records.put(v.getKey(), HealthRecord.next(old, h, now, everHealthy));
        }
        return turnedHealthy;
    }

    void recordFlavor(Map<String, Health> verdicts) {
        flavor.putAll(verdicts);
    }

    Health flavorOf(String id) {
        return flavor.get(id);
    }
}

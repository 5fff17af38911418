package io.infrakit.core.group;

import io.infrakit.spi.flavor.Health;

import java.time.Instant;

/** A flavor verdict and its history: since when, how many healthy checks in a row, last checked. */
record HealthRecord(Health health, Instant since, int streak, Instant checkedAt, boolean everHealthy) {

    /** The record after a check found {@code h}: a changed verdict starts anew, the same one extends its streak. */
    static HealthRecord next(HealthRecord old, Health h, Instant now, boolean everHealthy) {
        if (old == null || old.health() != h) {
            return new HealthRecord(h, now, h == Health.HEALTHY ? 1 : 0, now, everHealthy);
        }
        return new HealthRecord(h, old.since(), h == Health.HEALTHY ? old.streak() + 1 : 0, now, everHealthy);
    }
}

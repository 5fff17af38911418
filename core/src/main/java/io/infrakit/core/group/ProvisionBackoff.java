package io.infrakit.core.group;

import java.time.Instant;

/**
 * The ledger's count of provision failures, which the planner's backoff reads: consecutive failed provisions,
 * and consecutive failed attempts (an attempt is the provisions of one reconcile; each counts once).
 * Not thread-safe: {@link InFlight} holds it and touches it only under its own monitor.
 */
final class ProvisionBackoff {

    private int provisionFailures;
    /** Consecutive attempts that failed with no success among them: the backoff's exponent. */
    private int failedAttempts;
    /** Attempts started so far (an attempt is the provisions of one reconcile). */
    private long attempts;
    /** The latest attempt already counted, as failed or as having a success: each counts once. */
    private long lastCountedAttempt;
    private Instant lastProvisionFailure;

    long beginAttempt() {
        return ++attempts;
    }

    /** A provision was written off: it never became visible in time. */
    void provisionTimedOut() {
        provisionFailures++;
    }

    /** Provisions written off together are one failed attempt, like provisions failing together. */
    void attemptTimedOut(Instant now) {
        failedAttempts++;
        lastProvisionFailure = now;
    }

    void succeeded(long attempt) {
        provisionFailures = 0;
        failedAttempts = 0;
        lastProvisionFailure = null;
        // The attempt had a success: its other failures do not make it a failed attempt.
        lastCountedAttempt = Math.max(lastCountedAttempt, attempt);
    }

    /** A provision of {@code attempt} failed; returns the consecutive failed provisions so far. */
    int failed(long attempt, Instant now) {
        provisionFailures++;
        lastProvisionFailure = now;
        if (attempt > lastCountedAttempt) {
            failedAttempts++;
            lastCountedAttempt = attempt;
        }
        return provisionFailures;
    }

    int failures() {
        return provisionFailures;
    }

    int failedAttempts() {
        return failedAttempts;
    }

    Instant lastFailure() {
        return lastProvisionFailure;
    }
}

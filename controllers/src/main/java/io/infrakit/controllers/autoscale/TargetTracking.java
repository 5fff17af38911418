package io.infrakit.controllers.autoscale;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The autoscaler's rule, pure: no I/O, no clock. Given the current size, the measured demand (or
 * none), the spec, when it last scaled out and in, and the time, it says what size to set and why.
 */
public final class TargetTracking {

    private TargetTracking() {
    }

    /**
     * @param lastOut when the size was last raised by this autoscaler (null: never)
     * @param lastChange when the size was last changed by this autoscaler (null: never)
     */
    public static Decision decide(AutoscaleSpec spec, int current, Double value, Instant lastOut, Instant lastChange,
                                  Instant now) {
        int min = spec.min();
        String minWhy = "Min " + spec.min();
        for (AutoscaleSpec.Schedule s : spec.schedules()) {
            if (s.min() > min && s.cron().activeAt(now.atZone(ZoneOffset.UTC), s.duration())) {
                min = s.min();
                minWhy = "schedule '" + s.cron() + "' Min " + s.min();
            }
        }
        int max = spec.max();
        // Bounds first: a manual scale outside [Min, Max] is brought back, a step at a time.
        if (current > max) {
            return new Decision(current, Math.max(max, current - spec.maxStep()), value, "above Max " + max);
        }
        if (current < min) {
            return new Decision(current, Math.min(min, current + spec.maxStep()), value, "below " + minWhy);
        }
        if (value == null) {
            return new Decision(current, current, null, "no data from the query: never scaling in without it");
        }
        if (value.isNaN() || value.isInfinite() || value < 0) {
            return new Decision(current, current, null, "the query returned " + value + ": not a demand, holding");
        }
        double wanted = spec.average() ? current * value / spec.target() : value / spec.target();
        int desired = (int) Math.min(Integer.MAX_VALUE, Math.ceil(wanted - 1e-9));
        int bounded = Math.max(min, Math.min(max, desired));
        String why = spec.average()
                ? "average " + Decision.format(value) + " per member x " + current + " members / target "
                        + Decision.format(spec.target()) + " = " + desired
                : "demand " + Decision.format(value) + " / target " + Decision.format(spec.target()) + " per member = " + desired;
        if (bounded > current) {
            if (lastOut != null && now.isBefore(lastOut.plus(spec.scaleOutCooldown()))) {
                return new Decision(current, current, value, why + ", but the scale-out cooldown runs until "
                        + lastOut.plus(spec.scaleOutCooldown()));
            }
            int to = Math.min(bounded, current + spec.maxStep());
            return new Decision(current, to, value, why + (to < bounded ? " (MaxStep " + spec.maxStep() + ")" : "")
                    + (bounded < desired ? " (Max " + max + ")" : ""));
        }
        if (bounded < current) {
            Duration cool = spec.scaleInCooldown();
            if (lastChange != null && now.isBefore(lastChange.plus(cool))) {
                return new Decision(current, current, value, why + ", but the scale-in cooldown runs until " + lastChange.plus(cool));
            }
            int to = Math.max(bounded, current - spec.maxStep());
            return new Decision(current, to, value, why + (to > bounded ? " (MaxStep " + spec.maxStep() + ")" : "")
                    + (bounded > desired ? " (" + minWhy + ")" : ""));
        }
        return new Decision(current, current, value, why + (bounded != desired ? ", bounded to " + bounded : "") + ": on target");
    }
}

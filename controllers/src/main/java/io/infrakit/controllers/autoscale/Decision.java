package io.infrakit.controllers.autoscale;

/**
 * One decision of the autoscaler: from which size to which, on what measured value (null when the
 * query failed or returned nothing), and why, in words for the event and the log.
 */
public record Decision(int from, int to, Double value, String reason) {

    public boolean changes() {
        return from != to;
    }

    /** The event's text: the sizes, the value and the reason. */
    public String describe() {
        return (changes() ? "size " + from + " -> " + to : "size stays " + from)
                + ", measured " + (value == null ? "nothing" : format(value)) + ": " + reason;
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}

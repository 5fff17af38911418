package io.infrakit.cli.view;

import java.time.Duration;
import java.util.List;

/**
 * One look at a rolling update, drawn as a strip with one cell per member: {@code ■} on the new
 * configuration, {@code □} still on an old one, {@code ○} being provisioned (in flight).
 * Pure: built from the members' config hashes and the controller's counts.
 *
 * @param desired     the group's size
 * @param updated     members whose config hash is the spec's
 * @param outdated    members on another config hash
 * @param inFlight    provisions the controller is waiting for
 * @param unhealthy   members the flavor calls unhealthy
 */
public record RolloutStrip(int desired, int updated, int outdated, int inFlight, int unhealthy) {

    public static final String LEGEND = "■ new config  □ old config  ○ in flight";

    /** Counts members by config hash against {@code specHash}. */
    public static RolloutStrip of(String specHash, List<String> memberHashes, int desired, int inFlight, int unhealthy) {
        int updated = (int) memberHashes.stream().filter(specHash::equals).count();
        return new RolloutStrip(desired, updated, memberHashes.size() - updated, inFlight, unhealthy);
    }

    /** Nothing left to replace, nothing in flight, the size reached. */
    public boolean done() {
        return outdated == 0 && inFlight == 0 && updated >= desired;
    }

    /** The widest strip drawn: a larger group is drawn to scale, so a line never grows with the group's size. */
    public static final int MAX_CELLS = 100;

    /** {@code ■■■○□□}: new, then in flight, then old; one cell per member up to {@link #MAX_CELLS} members. */
    public String strip(Colour colour) {
        long total = (long) updated + inFlight + outdated;
        return colour.green("■".repeat(cells(updated, total))) + colour.yellow("○".repeat(cells(inFlight, total)))
                + colour.dim("□".repeat(cells(outdated, total)));
    }

    /** Cells for {@code count} of {@code total}: to scale above MAX_CELLS, and at least one for any. */
    private static int cells(int count, long total) {
        if (total <= MAX_CELLS || count == 0) {
            return count;
        }
        return (int) Math.max(1, Math.round(count * (double) MAX_CELLS / total));
    }

    /** {@code 3 new, 2 old, 1 in flight of 5} (and the unhealthy, when any). */
    public String counts() {
        return updated + " new, " + outdated + " old, " + inFlight + " in flight of " + desired
                + (unhealthy > 0 ? ", " + unhealthy + " unhealthy" : "");
    }

    /**
     * Time left at the pace seen so far: members put on the new config since {@code first} over the
     * time since then. Empty until at least one member was replaced.
     */
    public java.util.Optional<Duration> eta(RolloutStrip first, Duration elapsed) {
        int replaced = updated - first.updated;
        int left = Math.max(0, desired - updated);
        if (replaced <= 0 || elapsed.isZero() || elapsed.isNegative()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Duration.ofMillis(elapsed.toMillis() * left / replaced));
    }

    /** {@code 45s}, {@code 3m10s}, {@code 1h2m}: short, for a status line. */
    public static String human(Duration d) {
        long s = Math.max(0, (d.toMillis() + 999) / 1000);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        }
        return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : ((s % 3600) / 60) + "m");
    }
}

package io.infrakit.spi;

import java.time.Duration;

/**
 * The one duration grammar of the project, Go's as InfraKit writes it: {@code 300ms}, {@code 30s},
 * {@code 10m}, {@code 1h30m}, {@code 1.5h}, {@code 0s}; units ns, us (or µs), ms, s, m, h; a bare
 * {@code 0} is accepted too. Specs (Policy timeouts), CLI flags and every plugin's {@code --opt}
 * durations use it, so a value that works in one place works in all.
 */
public final class GoDuration {

    private GoDuration() {
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} saying what is accepted. */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a duration is required, e.g. 30s, 10m or 1h30m");
        }
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        long nanos = 0;
        int i = 0;
        boolean any = false;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw bad(text);
            }
            double value;
            try {
                value = Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw bad(text);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unit = switch (s.substring(unitStart, i)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw bad(text);
            };
            nanos += Math.round(value * unit);
            any = true;
        }
        if (!any) {
            throw bad(text);
        }
        return Duration.ofNanos(nanos);
    }

    /**
     * Go's grammar, plus a bare whole number read as seconds: only for the options that were
     * documented in seconds before they took durations ({@code docker.stop-timeout=10},
     * {@code etcd lease-ttl=5}), so existing command lines keep working.
     */
    public static Duration parseWithBareSeconds(String text) {
        if (text != null && BARE_WHOLE_NUMBER.matcher(text.trim()).matches()) {
            return Duration.ofSeconds(Long.parseLong(text.trim()));
        }
        return parse(text);
    }

    private static final java.util.regex.Pattern BARE_NUMBER = java.util.regex.Pattern.compile("\\d+(\\.\\d+)?");
    private static final java.util.regex.Pattern BARE_WHOLE_NUMBER = java.util.regex.Pattern.compile("\\d{1,12}");

    private static IllegalArgumentException bad(String text) {
        String fix = text != null && BARE_NUMBER.matcher(text.trim()).matches()
                ? " (a number needs a unit: write " + text.trim() + "s for seconds)" : "";
        return new IllegalArgumentException("'" + text + "' is not a duration; write it like 30s, 10m, 1h30m or 500ms" + fix);
    }

    /** Formats as Go does for whole units: {@code 0s}, {@code 1m30s}, {@code 2h0m0s}, {@code 500ms}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long totalMillis = d.toMillis();
        if (totalMillis < 1000) {
            return totalMillis + "ms";
        }
        long h = d.toHours();
        long m = d.toMinutesPart();
        long s = d.toSecondsPart();
        long ms = d.toMillisPart();
        String secs = ms == 0 ? s + "s" : s + "." + String.format("%03d", ms).replaceAll("0+$", "") + "s";
        if (h > 0) {
            return h + "h" + m + "m" + secs;
        }
        if (m > 0) {
            return m + "m" + secs;
        }
        return secs;
    }
}

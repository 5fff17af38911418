package io.infrakit.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Percentiles and formatting of measured durations (nearest-rank on the sorted samples). */
public final class Stats {

    private Stats() {
    }

    /** The p-th percentile (0..100) of {@code values}, nearest rank; NaN when there are none. */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public static double percentile(long[] values, double p) {
        return percentile(Arrays.stream(values).asDoubleStream().toArray(), p);
    }

    public static double median(double[] values) {
        return percentile(values, 50);
    }

    /** Summary of millisecond samples for JSON: n, min, p50, p90, p99, max. */
    public static Map<String, Object> summaryMs(double[] ms) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", ms.length);
        m.put("min_ms", round(percentile(ms, 0)));
        m.put("p50_ms", round(percentile(ms, 50)));
        m.put("p90_ms", round(percentile(ms, 90)));
        m.put("p99_ms", round(percentile(ms, 99)));
        m.put("max_ms", round(percentile(ms, 100)));
        return m;
    }

    /** Rounded to 3 decimals for JSON. */
    public static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1000.0) / 1000.0;
    }

    /** Milliseconds as people read them: "412 ms" or "2.31 s". */
    public static String ms(double ms) {
        if (ms < 10) {
            return String.format("%.2f ms", ms);
        }
        if (ms < 1000) {
            return String.format("%.0f ms", ms);
        }
        return String.format("%.2f s", ms / 1000.0);
    }

    public static double nanosToMs(long nanos) {
        return nanos / 1_000_000.0;
    }
}

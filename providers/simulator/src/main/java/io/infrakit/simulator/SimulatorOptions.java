package io.infrakit.simulator;

import io.infrakit.spi.GoDuration;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the simulator behaves. From the command line each is {@code --opt simulator.KEY=VALUE}
 * (see {@link #DESCRIPTIONS}); from Java, build the record directly.
 *
 * @param persist        keep instances in {@code $INFRAKIT_HOME/simulator/<object>.json} so a restart keeps them
 * @param provisionDelay how long each Provision blocks before answering
 * @param visibleAfter   how long a new instance stays out of DescribeInstances (a slow cloud's eventual consistency)
 * @param failureRate    the fraction (0..1) of Provision calls that fail
 * @param seed           seed of the failure draws, for reproducible runs; null for a random seed
 */
public record SimulatorOptions(boolean persist, Duration provisionDelay, Duration visibleAfter, double failureRate, Long seed) {

    public static final String PERSIST = "persist";
    public static final String PROVISION_DELAY = "provision-delay";
    public static final String VISIBLE_AFTER = "visible-after";
    public static final String FAILURE_RATE = "failure-rate";
    public static final String SEED = "seed";

    /** Every option key with one line of help (what {@code PluginKind.options()} shows). */
    public static final Map<String, String> DESCRIPTIONS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(PERSIST, "true|false (default false): keep instances in $INFRAKIT_HOME/simulator/<object>.json across restarts");
        d.put(PROVISION_DELAY, "duration, e.g. 500ms or 2s (default 0): each Provision blocks that long");
        d.put(VISIBLE_AFTER, "duration (default 0): a new instance shows in DescribeInstances only after that long");
        d.put(FAILURE_RATE, "fraction 0..1 (default 0): that share of Provision calls fail with an error");
        d.put(SEED, "integer (default random): seed of the failure draws, for reproducible runs");
        DESCRIPTIONS = java.util.Collections.unmodifiableMap(d);
    }

    public static final SimulatorOptions DEFAULTS = new SimulatorOptions(false, Duration.ZERO, Duration.ZERO, 0, null);

    public SimulatorOptions {
        provisionDelay = provisionDelay == null ? Duration.ZERO : provisionDelay;
        visibleAfter = visibleAfter == null ? Duration.ZERO : visibleAfter;
        if (provisionDelay.isNegative()) {
            throw new IllegalArgumentException("simulator option " + PROVISION_DELAY + "=" + provisionDelay + " is negative; use 0 or more, e.g. 500ms");
        }
        if (visibleAfter.isNegative()) {
            throw new IllegalArgumentException("simulator option " + VISIBLE_AFTER + "=" + visibleAfter + " is negative; use 0 or more, e.g. 30s");
        }
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("simulator option " + FAILURE_RATE + "=" + failureRate
                    + " is out of range; use a fraction from 0 to 1, e.g. 0.2 for one call in five");
        }
    }

    public SimulatorOptions withPersist(boolean value) {
        return new SimulatorOptions(value, provisionDelay, visibleAfter, failureRate, seed);
    }

    public SimulatorOptions withProvisionDelay(Duration value) {
        return new SimulatorOptions(persist, value, visibleAfter, failureRate, seed);
    }

    public SimulatorOptions withVisibleAfter(Duration value) {
        return new SimulatorOptions(persist, provisionDelay, value, failureRate, seed);
    }

    public SimulatorOptions withFailureRate(double value) {
        return new SimulatorOptions(persist, provisionDelay, visibleAfter, value, seed);
    }

    public SimulatorOptions withSeed(Long value) {
        return new SimulatorOptions(persist, provisionDelay, visibleAfter, failureRate, value);
    }

    /**
     * Reads {@code --opt simulator.KEY=VALUE} options (keys without the prefix). Throws
     * IllegalArgumentException naming the option, the value and the fix; unknown keys are refused
     * so that a typo does not silently run a simulator without the wanted behaviour.
     */
    public static SimulatorOptions parse(Map<String, String> options) {
        SimulatorOptions o = DEFAULTS;
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().trim();
            switch (key) {
                case PERSIST -> o = o.withPersist(parseBoolean(value));
                case PROVISION_DELAY -> o = o.withProvisionDelay(parseDuration(key, value));
                case VISIBLE_AFTER -> o = o.withVisibleAfter(parseDuration(key, value));
                case FAILURE_RATE -> o = o.withFailureRate(parseRate(value));
                case SEED -> o = o.withSeed(parseSeed(value));
                default -> throw new IllegalArgumentException("unknown simulator option '" + key + "' (value '" + value
                        + "'); known options: " + String.join(", ", DESCRIPTIONS.keySet())
                        + ", given as --opt simulator.KEY=VALUE");
            }
        }
        return o;
    }

    private static boolean parseBoolean(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("simulator option " + PERSIST + "='" + value + "' is not a boolean; use true or false");
        };
    }

    private static Duration parseDuration(String key, String value) {
        try {
            return GoDuration.parse(value);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("simulator option " + key + "='" + value + "' is not a duration; write it like 500ms, 2s, 1m30s or 0", ex);
        }
    }

    private static double parseRate(String value) {
        double rate;
        try {
            rate = Double.parseDouble(value);
        } catch (NumberFormatException ex) {
            rate = Double.NaN;
        }
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("simulator option " + FAILURE_RATE + "='" + value
                    + "' is not a fraction from 0 to 1; use e.g. 0.2 for one call in five");
        }
        return rate;
    }

    private static Long parseSeed(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("simulator option " + SEED + "='" + value + "' is not an integer; use e.g. 42", ex);
        }
    }
}

package io.infrakit.bench;

/** One benchmark: measures, checks what it measured (a wrong count is a failure, not a number), reports. */
public interface Scenario {

    /** The name used on the command line and for {@code bench/results/<name>.json}. */
    String name();

    /** One line for {@code bin/bench --list}. */
    String description();

    Result run(BenchConfig config) throws Exception;
}

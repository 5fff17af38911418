package io.infrakit.bench;

import java.nio.file.Path;

/**
 * How a run is configured.
 *
 * @param quick   smaller N and shorter durations, so that a smoke run of everything takes about a minute
 * @param root    the repository root (where {@code bin/infrakit} is), for scenarios that start a daemon or the CLI
 * @param work    a scratch folder for INFRAKIT_HOME folders and logs (short path: unix sockets allow 107 bytes)
 * @param minutes steady-state measuring time in minutes (null: 5, or 1 with quick)
 */
public record BenchConfig(boolean quick, Path root, Path work, Double minutes) {

    public double steadyMinutes() {
        return minutes != null ? minutes : quick ? 1 : 5;
    }
}

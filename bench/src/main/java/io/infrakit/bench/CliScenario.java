package io.infrakit.bench;

/** Placeholder, replaced below. */
public final class CliScenario implements Scenario {
    @Override
    public String name() {
        return "cli";
    }

    @Override
    public String description() {
        return "wall time of bin/infrakit instance describe over 1,000 instances, before and after an AOT cache";
    }

    @Override
    public Result run(BenchConfig config) {
        return new Result(name());
    }
}

package io.infrakit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code infrakit} executable. */
@Command(name = "infrakit", mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Keeps groups of instances matching their declared spec.",
        subcommands = {VersionCommand.class, UpCommand.class, ApplyCommand.class, PlanCommand.class, GetCommand.class,
                DescribeCommand.class, EventsCommand.class, StatusCommand.class, ScaleCommand.class, RollbackCommand.class,
                DestroyCommand.class, InstanceCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (0 ok, 1 failure, 2 bad usage or input). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }
}

package io.infrakit.cli;

import io.infrakit.spi.group.GroupSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Duration;

/**
 * {@code infrakit __complete groups|plugins}: names for the completion script, one a line. Hidden:
 * it is for the script, not for people. Quick and quiet: a 2 s bound on the manager, nothing
 * printed and exit 0 when no daemon runs, so a TAB never hangs nor prints errors.
 */
@Command(name = "__complete", hidden = true, mixinStandardHelpOptions = true,
        description = "Lists group IDs (groups) or live plugin sockets (plugins) for shell completion.")
final class CompleteCommand extends ManagerCommand {

    CompleteCommand(CliEnv env) {
        super(env);
    }

    @Parameters(index = "0", paramLabel = "WHAT", description = "groups or plugins.")
    String what;

    @Override
    ManagerClient connect() {
        return new ManagerClient(env.paths(), Duration.ofSeconds(2), env.remote());
    }

    @Override
    int run(ManagerClient manager) {
        switch (what) {
            case "groups" -> {
                if (manager.running()) {
                    try {
                        manager.groups().inspectGroups().stream().map(GroupSpec::id).sorted().forEach(out()::println);
                    } catch (RuntimeException e) {
                        // no names rather than an error in the middle of a command line
                    }
                }
            }
            case "plugins" -> manager.liveSockets().forEach(out()::println);
            default -> throw new BadInputException("cannot complete '" + what + "': use groups or plugins");
        }
        out().flush();
        return OK;
    }
}

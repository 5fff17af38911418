package io.infrakit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code infrakit group promote|abort ID}: ends a canary (Policy.Update.Canary) one way or the other. */
public abstract class GroupCanaryCommand extends ManagerCommand {

    GroupCanaryCommand(CliEnv env) {
        super(env);
    }

    @Parameters(index = "0", paramLabel = "ID", description = "The group whose canary waits.")
    String id;

    abstract String act(ManagerClient manager);

    @Override
    int run(ManagerClient manager) {
        manager.requireRunning();
        try {
            out().println(act(manager));
        } catch (io.infrakit.spi.PluginException e) {
            throw aboutGroup(manager.groups(), id, e);
        }
        out().flush();
        return OK;
    }

    /** {@code infrakit group promote ID}. */
    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Lets a canary's new config go on to every member of the group.")
    public static final class Promote extends GroupCanaryCommand {
        Promote(CliEnv env) {
            super(env);
        }

        @Override
        String act(ManagerClient manager) {
            return manager.api().promote(id);
        }
    }

    /** {@code infrakit group abort ID}. */
    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "Stops a canary: the version before it is committed again and its members go back to it.")
    public static final class Abort extends GroupCanaryCommand {
        Abort(CliEnv env) {
            super(env);
        }

        @Override
        String act(ManagerClient manager) {
            return manager.api().abort(id);
        }
    }
}

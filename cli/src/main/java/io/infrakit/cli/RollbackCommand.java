package io.infrakit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code infrakit rollback GROUP}: re-commits the group's previous spec. */
@Command(name = "rollback", description = "Re-commits the spec a group had before its last commit (the manager keeps its versions).")
final class RollbackCommand extends ManagerCommand {

    RollbackCommand(CliEnv env) {
        super(env);
    }

    @Parameters(index = "0", paramLabel = "GROUP")
    String id;

    @Override
    int run(ManagerClient manager) {
        try {
            out().println(manager.requireRunning().api().rollback(id));
        } catch (io.infrakit.spi.PluginException e) {
            throw aboutGroup(manager.groups(), id, e);
        }
        out().flush();
        return OK;
    }
}

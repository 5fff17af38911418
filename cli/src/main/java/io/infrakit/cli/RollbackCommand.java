package io.infrakit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code infrakit rollback GROUP}: re-commits the group's previous spec. */
@Command(name = "rollback", description = "Re-commits the spec a group had before its last commit (the manager keeps its versions).")
final class RollbackCommand extends ManagerCommand {

    RollbackCommand(CliEnv env) {
        super(env);
    }

    @Parameters(index = "0", paramLabel = "GROUP")
    String id;

    @Option(names = "--to-version", paramLabel = "N",
            description = "Commit kept version N again instead of the previous one (infrakit history GROUP lists them).")
    Long toVersion;

    @Override
    int run(ManagerClient manager) {
        if (toVersion != null && toVersion < 1) {
            throw new BadInputException("--to-version " + toVersion + " is not a version: versions start at 1 (see infrakit history " + id + ")");
        }
        try {
            manager.requireRunning();
            out().println(toVersion == null ? manager.api().rollback(id) : manager.api().rollbackTo(id, toVersion));
        } catch (io.infrakit.spi.PluginException e) {
            throw aboutGroup(manager.groups(), id, e);
        }
        out().flush();
        return OK;
    }
}

package io.infrakit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code infrakit scale GROUP N}: changes a group's size (never a rolling update). */
@Command(name = "scale", description = "Sets a group's size; the new size is stored like any commit.")
final class ScaleCommand extends ManagerCommand {

    ScaleCommand(CliEnv env) {
        super(env);
    }

    @Parameters(index = "0", paramLabel = "GROUP")
    String id;

    @Parameters(index = "1", paramLabel = "SIZE")
    int size;

    @Override
    int run(ManagerClient manager) {
        if (size < 0) {
            throw new BadInputException("size " + size + " is negative: give 0 or more");
        }
        int before;
        try {
            before = manager.requireRunning().groups().size(id);
            manager.groups().setSize(id, size);
        } catch (io.infrakit.spi.PluginException e) {
            throw aboutGroup(manager.groups(), id, e);
        }
        out().println("group " + id + " scaled from " + before + " to " + size);
        out().flush();
        return OK;
    }
}

package io.infrakit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code infrakit destroy group ID}: destroys a group's instances and forgets its spec. */
@Command(name = "destroy", description = "Destroys a group: all its instances, and its stored spec. infrakit destroy group ID")
final class DestroyCommand extends ManagerCommand {

    DestroyCommand(CliEnv env) {
        super(env);
    }

    @Parameters(index = "0", paramLabel = "KIND", description = "group")
    String kind;

    @Parameters(index = "1", paramLabel = "ID")
    String id;

    @Override
    int run(ManagerClient manager) {
        if (!kind.equals("group")) {
            throw new BadInputException("cannot destroy '" + kind + "'" + Suggest.didYouMean(kind, java.util.List.of("group"))
                    + " (infrakit destroy group ID)");
        }
        try {
            manager.requireRunning().groups().destroyGroup(id);
        } catch (io.infrakit.spi.PluginException e) {
            throw aboutGroup(manager.groups(), id, e);
        }
        out().println("group " + id + " destroyed");
        out().flush();
        return OK;
    }
}

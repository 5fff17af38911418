package io.infrakit.cli.group;

import io.infrakit.cli.CliEnv;
import io.infrakit.spi.group.GroupPlugin;
import picocli.CommandLine.Command;

/** {@code infrakit group free ID}. */
@Command(name = "free", mixinStandardHelpOptions = true,
        description = "Stops managing a group; its members keep running (commit the spec again to adopt them).")
public final class GroupFreeCommand extends GroupIdCommand {

    GroupFreeCommand(CliEnv env) {
        super(env);
    }

    @Override
    String apply(GroupPlugin plugin, String groupId) {
        plugin.freeGroup(groupId);
        return "Freed group " + groupId + "; its instances keep running";
    }
}

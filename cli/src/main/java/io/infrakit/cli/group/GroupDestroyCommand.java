package io.infrakit.cli.group;

import io.infrakit.cli.CliEnv;
import io.infrakit.spi.group.GroupPlugin;
import picocli.CommandLine.Command;

/** {@code infrakit group destroy ID}. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = "Destroys every member of a group and stops managing it.")
public final class GroupDestroyCommand extends GroupIdCommand {

    GroupDestroyCommand(CliEnv env) {
        super(env);
    }

    @Override
    String apply(GroupPlugin plugin, String groupId) {
        plugin.destroyGroup(groupId);
        return "Destroyed group " + groupId;
    }
}

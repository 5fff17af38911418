package io.infrakit.cli.group;

import io.infrakit.cli.CliEnv;
import io.infrakit.spi.group.GroupPlugin;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** A group command that does one thing to one group ID and says what it did (destroy, free). */
abstract class GroupIdCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GroupTarget target;

    @Parameters(index = "0", paramLabel = "ID", description = "The group ID.")
    String id;

    private final CliEnv env;

    GroupIdCommand(CliEnv env) {
        this.env = env;
    }

    /** Acts on the group; returns the line to print. */
    abstract String apply(GroupPlugin plugin, String groupId);

    @Override
    public Integer call() {
        String done;
        try (GroupPlugins p = new GroupPlugins(env, target)) {
            try {
                done = apply(p.plugin, id);
            } catch (io.infrakit.spi.PluginException e) {
                throw p.aboutGroup(id, e);
            }
        }
        spec.commandLine().getOut().println(done);
        return 0;
    }
}

package io.infrakit.cli.group;

import io.infrakit.cli.CliEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code infrakit group destroy ID}. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = "Destroys every member of a group and stops managing it.")
public final class GroupDestroyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GroupTarget target;

    @Parameters(index = "0", paramLabel = "ID", description = "The group ID.")
    String id;

    private final CliEnv env;

    GroupDestroyCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        try (GroupPlugins p = new GroupPlugins(env, target)) {
            p.plugin.destroyGroup(id);
        }
        spec.commandLine().getOut().println("Destroyed group " + id);
        return 0;
    }
}

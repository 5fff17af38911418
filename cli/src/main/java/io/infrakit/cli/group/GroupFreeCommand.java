package io.infrakit.cli.group;

import io.infrakit.cli.CliEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code infrakit group free ID}. */
@Command(name = "free", mixinStandardHelpOptions = true,
        description = "Stops managing a group; its members keep running (commit the spec again to adopt them).")
public final class GroupFreeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GroupTarget target;

    @Parameters(index = "0", paramLabel = "ID", description = "The group ID.")
    String id;

    private final CliEnv env;

    GroupFreeCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        try (GroupPlugins p = new GroupPlugins(env, target)) {
            p.plugin.freeGroup(id);
        }
        spec.commandLine().getOut().println("Freed group " + id + "; its instances keep running");
        return 0;
    }
}

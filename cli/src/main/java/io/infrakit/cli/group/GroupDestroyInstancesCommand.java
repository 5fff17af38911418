package io.infrakit.cli.group;

import io.infrakit.cli.CliEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code infrakit group destroy-instances ID INSTANCE...}. */
@Command(name = "destroy-instances", mixinStandardHelpOptions = true,
        description = {"Destroys the named members; a group with a Size shrinks by as many, so they are not replaced.",
                "Refuses (and destroys nothing) if any ID is not a member of the group."})
public final class GroupDestroyInstancesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GroupTarget target;

    @Parameters(index = "0", paramLabel = "ID", description = "The group ID.")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "INSTANCE", description = "Member instance IDs.")
    List<String> instances;

    private final CliEnv env;

    GroupDestroyInstancesCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        try (GroupPlugins p = new GroupPlugins(env, target)) {
            p.plugin.destroyInstances(id, instances);
        }
        spec.commandLine().getOut().println("Destroyed " + instances.size() + " instances of group " + id);
        return 0;
    }
}

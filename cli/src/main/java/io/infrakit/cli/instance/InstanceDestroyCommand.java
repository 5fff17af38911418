package io.infrakit.cli.instance;

import io.infrakit.cli.CliEnv;
import io.infrakit.spi.instance.DestroyContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code infrakit instance destroy --plugin NAME ID...}. */
@Command(name = "destroy", mixinStandardHelpOptions = true, description = "Destroys instances by ID.")
public final class InstanceDestroyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginOption plugin;

    @Parameters(arity = "1..*", paramLabel = "ID", description = "Instances to destroy.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--reason", defaultValue = DestroyContext.TERMINATE,
            description = "Destroy reason sent to the plugin: terminate or rolling_update (default: ${DEFAULT-VALUE}).")
    String reason;

    private final CliEnv env;

    InstanceDestroyCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (InstancePlugins p = new InstancePlugins(env, plugin)) {
            for (String id : ids) {
                p.plugin.destroy(id, new DestroyContext(reason));
                out.println("destroyed " + id);
            }
        }
        return 0;
    }
}

package io.infrakit.cli.instance;

import io.infrakit.cli.CliEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code infrakit instance label --plugin NAME ID KEY=VALUE...}. */
@Command(name = "label", mixinStandardHelpOptions = true, description = "Merges labels into an instance's tags.")
public final class InstanceLabelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginOption plugin;

    @Parameters(index = "0", paramLabel = "ID", description = "The instance.")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE", description = "Labels to set.")
    List<String> labels = new ArrayList<>();

    private final CliEnv env;

    InstanceLabelCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Map<String, String> parsed = KeyValues.parse(labels, "label");
        try (InstancePlugins p = new InstancePlugins(env, plugin)) {
            p.plugin.label(id, parsed);
        }
        spec.commandLine().getOut().println("labelled " + id);
        return 0;
    }
}

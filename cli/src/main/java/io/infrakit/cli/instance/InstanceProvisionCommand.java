package io.infrakit.cli.instance;

import io.infrakit.cli.CliEnv;
import io.infrakit.spi.instance.InstanceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code infrakit instance provision --plugin NAME FILE}. */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Creates one instance from an instance spec (JSON or YAML file) and prints its ID.")
public final class InstanceProvisionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginOption plugin;

    @Parameters(index = "0", paramLabel = "FILE", description = "Instance spec {Properties, Tags, Init, LogicalID, Attachments}; - reads stdin.")
    String file;

    private final CliEnv env;

    InstanceProvisionCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        InstanceSpec instanceSpec = SpecFiles.readInstanceSpec(file, System.in);
        String id;
        try (InstancePlugins p = new InstancePlugins(env, plugin)) {
            id = p.plugin.provision(instanceSpec);
        }
        spec.commandLine().getOut().println(id);
        return 0;
    }
}

package io.infrakit.cli.instance;

import io.infrakit.cli.CliEnv;
import io.infrakit.spi.instance.InstanceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code infrakit instance validate --plugin NAME FILE}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Asks the plugin whether the Properties of an instance spec (JSON or YAML file) are valid.")
public final class InstanceValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginOption plugin;

    @Parameters(index = "0", paramLabel = "FILE", description = "Instance spec {Properties, Tags, Init, LogicalID, Attachments}; - reads stdin.")
    String file;

    private final CliEnv env;

    InstanceValidateCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        InstanceSpec instanceSpec = SpecFiles.readInstanceSpec(file, System.in);
        try (InstancePlugins p = new InstancePlugins(env, plugin)) {
            p.plugin.validate(instanceSpec.properties());
        } catch (io.infrakit.rpc.RpcException e) {
            // The plugin answered and refused the properties: that is bad input (exit 2), unlike a
            // plugin that cannot be reached (exit 1).
            if (e.code() == io.infrakit.rpc.RpcErrors.PLUGIN_ERROR || e.code() == io.infrakit.rpc.RpcErrors.INVALID_PARAMS) {
                throw new io.infrakit.cli.BadInputException(file + ": " + e.getMessage());
            }
            throw e;
        }
        spec.commandLine().getOut().println("valid");
        return 0;
    }
}

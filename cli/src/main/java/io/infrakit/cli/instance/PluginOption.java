package io.infrakit.cli.instance;

import picocli.CommandLine.Option;

/** {@code --plugin NAME}, shared by the instance commands. */
public final class PluginOption {
    @Option(names = {"--plugin", "--name"}, required = true, paramLabel = "NAME",
            description = "Instance plugin as lookup[/type], e.g. simulator/compute (socket simulator, object compute).")
    String name;
}

package io.infrakit.cli.plugin;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code infrakit plugin ...}. */
@Command(name = "plugin", mixinStandardHelpOptions = true,
        description = "Start built-in plugins, list running plugins and the kinds that can be started.",
        subcommands = {PluginStartCommand.class, PluginLsCommand.class, PluginKindsCommand.class})
public final class PluginCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: start, ls or kinds");
    }
}

package io.infrakit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code -h, --help} on every command and subcommand, added where commands are registered so a new
 * command cannot forget it (picocli skips required options and parameters when it is given).
 * {@code -V, --version} stays on {@code infrakit} itself: on a subcommand it only lengthened the help.
 */
final class HelpOptions {

    private HelpOptions() {
    }

    static void install(CommandLine root) {
        for (CommandLine sub : root.getSubcommands().values()) {
            installBelow(sub);
        }
    }

    private static void installBelow(CommandLine cmd) {
        CommandSpec spec = cmd.getCommandSpec();
        OptionSpec version = spec.findOption("--version");
        if (version != null && version.versionHelp()) {
            spec.remove(version);
        }
        if (spec.findOption("--help") == null) {
            OptionSpec.Builder help = OptionSpec.builder(spec.findOption("-h") == null ? new String[]{"-h", "--help"} : new String[]{"--help"})
                    .usageHelp(true).description("Show this help and exit.");
            spec.addOption(help.build());
        }
        for (CommandLine sub : cmd.getSubcommands().values()) {
            installBelow(sub);
        }
    }
}

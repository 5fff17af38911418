package io.infrakit.cli.plugin;

import io.infrakit.rpc.host.PluginHost;
import io.infrakit.spi.plugin.PluginKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code infrakit plugin kinds}: what {@code plugin start} can run. */
@Command(name = "kinds", mixinStandardHelpOptions = true,
        description = "Lists the built-in plugin kinds `infrakit plugin start` can run, with their options.")
public final class PluginKindsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, PluginKind> kinds = PluginHost.installedKinds();
        if (kinds.isEmpty()) {
            out.println("no plugin kinds on the class path");
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"KIND", "DESCRIPTION"});
        for (PluginKind kind : kinds.values()) {
            rows.add(new String[]{kind.name(), kind.description()});
        }
        out.print(Formats.table(rows));
        for (PluginKind kind : kinds.values()) {
            if (!kind.options().isEmpty()) {
                out.println();
                out.println("options of " + kind.name() + " (--opt " + kind.name() + ".KEY=VALUE):");
                // one column for the names, so the descriptions line up
                List<String[]> options = new ArrayList<>();
                new TreeMap<>(kind.options()).forEach((k, v) -> options.add(new String[]{"  " + k, v}));
                out.print(Formats.table(options));
            }
        }
        return 0;
    }
}

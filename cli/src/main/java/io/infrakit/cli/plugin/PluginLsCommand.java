package io.infrakit.cli.plugin;

import io.infrakit.cli.CliEnv;
import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.client.SimpleUnixHttp;
import io.infrakit.rpc.client.UnixHttp;
import io.infrakit.rpc.discovery.DiscoveredPlugin;
import io.infrakit.rpc.discovery.PluginDiscovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code infrakit plugin ls}: the sockets of the plugins folder and what each serves. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "Lists the plugin sockets in $INFRAKIT_PLUGINS_DIR with their interfaces and objects; "
                + "sockets nobody listens on are marked STALE.")
public final class PluginLsCommand implements Callable<Integer> {

    /** One line of {@code -o json}. */
    record Listed(@com.fasterxml.jackson.annotation.JsonProperty("Name") String name,
                  @com.fasterxml.jackson.annotation.JsonProperty("Socket") String socket,
                  @com.fasterxml.jackson.annotation.JsonProperty("State") String state,
                  @com.fasterxml.jackson.annotation.JsonProperty("Objects") java.util.Map<String, List<String>> objects,
                  @com.fasterxml.jackson.annotation.JsonProperty("Problem") String problem) {
    }

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    io.infrakit.cli.OutputFormat output;

    private final CliEnv env;

    PluginLsCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws com.fasterxml.jackson.core.JsonProcessingException {
        io.infrakit.cli.OutputFormat.Kind format = output.kind(io.infrakit.cli.OutputFormat.Kind.TABLE, io.infrakit.cli.OutputFormat.lists());
        PrintWriter out = spec.commandLine().getOut();
        InfrakitPaths paths = env.paths();
        List<DiscoveredPlugin> found;
        try (UnixHttp http = new SimpleUnixHttp()) {
            found = new PluginDiscovery(paths, http, null).list();
        }
        if (format != io.infrakit.cli.OutputFormat.Kind.TABLE) {
            List<Listed> listed = found.stream().map(p -> new Listed(p.name(), p.socket().toString(), p.state().name(),
                    p.objects(), p.problem())).toList();
            output.printStructured(format, io.infrakit.rpc.WireJson.mapper().valueToTree(listed), e -> "plugin/" + e.path("Name").asText(), out);
            return 0;
        }
        if (found.isEmpty()) {
            out.println("no plugins in " + paths.pluginsDir() + " (start some with `infrakit plugin start simulator vanilla`)");
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"NAME", "INTERFACES", "SOCKET"});
        for (DiscoveredPlugin p : found) {
            String what = switch (p.state()) {
                case LIVE -> Formats.objects(p.objects());
                case STALE -> "STALE: nobody listens (the plugin died; restarting it replaces the socket)";
                case FAILED -> "FAILED: " + p.problem();
            };
            rows.add(new String[]{p.name(), what, p.socket().toString()});
        }
        out.print(output.text(rows));
        return 0;
    }
}

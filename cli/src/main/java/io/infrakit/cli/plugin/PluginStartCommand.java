package io.infrakit.cli.plugin;

import io.infrakit.cli.CliEnv;
import io.infrakit.rpc.host.PluginHost;
import io.infrakit.rpc.host.PluginOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code infrakit plugin start KIND...}: runs plugins in the foreground, one socket each. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Runs built-in plugins in this process, each on its own socket in $INFRAKIT_PLUGINS_DIR "
                + "(default $INFRAKIT_HOME/plugins, $INFRAKIT_HOME defaulting to ~/.infrakit), until Ctrl-C or SIGTERM.",
                "Example: infrakit plugin start simulator vanilla --opt simulator.visible-after=5s"})
public final class PluginStartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "KIND[:NAME]",
            description = "Plugin kinds to start (see `infrakit plugin kinds`); :NAME serves the kind under another socket name.")
    List<String> kinds = new ArrayList<>();

    @Option(names = "--opt", paramLabel = "KIND.KEY=VALUE", description = "An option for one kind, e.g. simulator.failure-rate=0.1 (repeatable).")
    List<String> options = new ArrayList<>();

    @picocli.CommandLine.Mixin
    io.infrakit.cli.RemoteListenOptions remote = new io.infrakit.cli.RemoteListenOptions();

    private final CliEnv env;

    PluginStartCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Map<String, String>> parsed = PluginOptions.parse(options);
        PrintWriter out = spec.commandLine().getOut();
        PluginHost host = PluginHost.create(env.paths());
        // Before starting: a SIGTERM during the start still removes whatever sockets were made.
        env.shutdown().onShutdown(host::close);
        try {
            List<PluginHost.Served> served = host.startAll(kinds, parsed);
            io.infrakit.rpc.remote.RemoteListener tcp = remote.start(host);
            if (tcp != null) {
                env.shutdown().onShutdown(tcp::close);
            }
            for (PluginHost.Served s : served) {
                out.println(s.name() + " (" + s.kind() + ") listening on " + s.socket() + "  " + Formats.objects(s.objects()));
            }
            if (tcp != null) {
                out.println("also listening on tcp " + remote.address() + " (TLS) port " + tcp.port());
            }
            out.println("Press Ctrl-C to stop.");
            out.flush();
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        host.awaitClose();
        out.println("stopped; sockets removed");
        out.flush();
        return 0;
    }
}

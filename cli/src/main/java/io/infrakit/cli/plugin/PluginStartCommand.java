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

    @picocli.CommandLine.Mixin
    io.infrakit.cli.ObserveOptions observe = new io.infrakit.cli.ObserveOptions();

    private final CliEnv env;

    PluginStartCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        return serve(env, spec.commandLine().getOut(), kinds, options, remote, observe);
    }

    /**
     * {@code infrakit plugin start KIND... [--opt K=V]...} without picocli, or null when the arguments
     * ask for more (help, TCP listening, anything unusual): then picocli parses them as usual.
     * <p>
     * Why: picocli's jar is Java 5 bytecode, which the JVM's AOT cache cannot hold, and building its
     * model by reflection took about half of a daemon's CPU time before its sockets answered. A daemon
     * is started by scripts and service managers with plain kinds and options; those start here.
     */
    public static Integer fastPath(CliEnv env, PrintWriter out, PrintWriter err, String... args) {
        if (args.length < 3 || !args[0].equals("plugin") || !args[1].equals("start")) {
            return null;
        }
        List<String> kinds = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--opt") && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                options.add(args[++i]);
            } else if (a.startsWith("--opt=") && a.length() > "--opt=".length()) {
                options.add(a.substring("--opt=".length()));
            } else if (!a.isEmpty() && !a.startsWith("-") && !a.startsWith("@")) { // @file: picocli's argument files
                kinds.add(a);
            } else {
                return null;
            }
        }
        if (kinds.isEmpty()) {
            return null;
        }
        try {
            return serve(env, out, kinds, options, new io.infrakit.cli.RemoteListenOptions(), new io.infrakit.cli.ObserveOptions());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            // The same words and exit codes as Main's handler for picocli-run commands.
            boolean badInput = e instanceof io.infrakit.cli.BadInputException || e instanceof IllegalArgumentException;
            boolean debug = env.variables().containsKey("INFRAKIT_DEBUG");
            err.println("error: " + (badInput || e instanceof io.infrakit.spi.PluginException ? e.getMessage()
                    : "unexpected failure: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + (debug ? "" : " (INFRAKIT_DEBUG=1 shows the details)")));
            if (debug && !badInput && !(e instanceof io.infrakit.spi.PluginException)) {
                e.printStackTrace(err);
            }
            err.flush();
            return badInput ? 2 : 1;
        }
    }

    static int serve(CliEnv env, PrintWriter out, List<String> kinds, List<String> options,
                     io.infrakit.cli.RemoteListenOptions remote, io.infrakit.cli.ObserveOptions observe)
            throws InterruptedException {
        io.infrakit.cli.InitAhead.start();
        Map<String, Map<String, String>> parsed = PluginOptions.parse(options);
        io.infrakit.cli.Observing.check(observe);
        io.infrakit.cli.TrustedHome.require(env.paths());
        PluginHost host = PluginHost.create(env.paths());
        // Before starting: a SIGTERM during the start still removes whatever sockets were made.
        env.shutdown().onShutdown(host::close);
        try {
            List<PluginHost.Served> served = host.startAll(kinds, parsed);
            io.infrakit.cli.CliService.attach(host);
            io.infrakit.rpc.remote.RemoteListener tcp = io.infrakit.cli.TcpListening.start(remote, host);
            if (tcp != null) {
                env.shutdown().onShutdown(tcp::close);
            }
            AutoCloseable observing = io.infrakit.cli.Observing.start(observe, host, tcp, out);
            env.shutdown().onShutdown(() -> {
                try {
                    observing.close();
                } catch (Exception e) {
                    // shutting down
                }
            });
            for (PluginHost.Served s : served) {
                out.println(s.name() + " (" + s.kind() + ") listening on " + s.socket() + "  " + Formats.objects(s.objects()));
            }
            if (tcp != null) {
                out.println("also listening on tcp " + remote.address() + " (TLS) port " + tcp.port() + ", at most " + tcp.maxConnections() + " connections");
            }
            out.println("Press Ctrl-C to stop.");
            out.flush();
            if (served.stream().anyMatch(s -> s.kind().equals("group"))) {
                // Once the sockets answer, not before: the group schema a commit is checked against and the deserializers
                // of a group's properties (reflection). (Warming every served method's JSON decoders too was tried: the
                // first group converged 30-60 ms later, the warm-up competing with it; docs/performance.md.)
                Thread.ofVirtual().name("group-schema").start(io.infrakit.core.spec.GroupSpecValidator::prepare);
            }
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

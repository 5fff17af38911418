package io.infrakit.cli;

import io.infrakit.client.ThinClient;
import io.infrakit.client.Wire;
import io.infrakit.rpc.host.PluginHost;
import io.infrakit.rpc.server.StreamRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The daemon's side of the thin CLI client: {@code POST /cli} on the manager's socket runs the
 * command line the client sent with the same picocli commands as the full CLI, in this process,
 * with the client's environment, terminal and files ({@link ThinCall}), and streams the output
 * back. The socket's peer credential check (RpcServer) lets only the daemon's user (or root) in.
 * Commands that start daemons or talk to plugins directly are not run here: the client is told to
 * run the full CLI (exit {@link ThinClient#NO_DAEMON}, nothing written).
 */
public final class CliService implements StreamRoute {

    private static final Logger LOG = LoggerFactory.getLogger(CliService.class);

    /** Commands that talk to the manager, or need nothing but picocli: what runs here. */
    static final Set<String> COMMANDS = Set.of("get", "describe", "status", "events", "history", "rollout", "plan",
            "apply", "scale", "rollback", "destroy", "group", "explain", "help", "completion", "__complete", "vars", "deploy");

    /** Variables that would make the command reach a remote daemon from here: never taken from the caller. */
    private static final Set<String> NOT_FROM_CALLER = Set.of("INFRAKIT_HOST", "INFRAKIT_TOKEN", "INFRAKIT_TOKEN_FILE",
            "INFRAKIT_TLS_CA", "INFRAKIT_TLS_CERT", "INFRAKIT_TLS_KEY");

    /** The largest standard output frame a command's output is gathered into before it is sent. */
    private static final int OUT_FRAME = 64 * 1024;

    /** How long a cancelled command may take to end before its call is closed anyway. */
    private static final long CANCEL_GRACE_MILLIS = 1_000;

    private final io.infrakit.rpc.registry.PluginRegistry plugins;
    private final ThinWarmUp warmUp;
    /** For callers on the TCP listener: null for the local socket's (same user, their own paths). */
    private final io.infrakit.rpc.InfrakitPaths remotePaths;

    /** @param plugins the daemon's registry (its plugins in-process), or null to reach plugins over their sockets */
    CliService(io.infrakit.rpc.registry.PluginRegistry plugins) {
        this(plugins, null);
    }

    /**
     * @param remotePaths for the TCP listener's callers (token or certificate checked there): the
     *                    daemon's own paths, which commands use whatever INFRAKIT_* the caller has
     */
    CliService(io.infrakit.rpc.registry.PluginRegistry plugins, io.infrakit.rpc.InfrakitPaths remotePaths) {
        this.plugins = plugins;
        this.remotePaths = remotePaths;
        this.warmUp = new ThinWarmUp(plugins);
    }

    /** Commands running now (tests check that a cancelled one ended). */
    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();

    int running() {
        return running.get();
    }

    /** Background warm-up runs done (tests). */
    int warmUpRuns() {
        return warmUp.runs();
    }

    /** Serves thin calls on the manager's socket of {@code host}, when it serves one. */
    public static void attach(PluginHost host) {
        for (PluginHost.Served s : host.served()) {
            if (s.name().equals(ManagerClient.NAME)) {
                s.server().route(Wire.PATH, new CliService(host.registry()));
            }
        }
    }

    /**
     * Serves thin calls with {@code --host} on the daemon's TCP listener, when {@code host} serves the
     * manager: the listener has checked the caller's token or certificate before the call gets here.
     */
    public static void attach(io.infrakit.rpc.remote.RemoteListener listener, PluginHost host) {
        for (PluginHost.Served s : host.served()) {
            if (s.name().equals(ManagerClient.NAME)) {
                listener.route(Wire.PATH, new CliService(host.registry(), host.registry().paths()));
            }
        }
    }

    @Override
    public void serve(InputStream in, OutputStream out) throws IOException {
        Wire.Frame hello = Wire.read(in);
        if (hello == null || hello.type() != Wire.HELLO) {
            throw new IOException("a thin call starts with its hello frame");
        }
        List<String> h = Wire.strings(hello.payload());
        if (h.size() < 5 || !h.get(0).equals(Wire.VERSION)) {
            out.write(Wire.exit(ThinClient.NO_DAEMON)); // another client version: the full CLI talks to us instead
            return;
        }
        boolean terminal = h.get(1).equals("1");
        Charset outCharset = charset(h.get(2));
        Charset errCharset = charset(h.get(3));
        int argc = Integer.parseInt(h.get(4));
        String[] args = h.subList(5, 5 + argc).toArray(String[]::new);
        Map<String, String> vars = new LinkedHashMap<>();
        boolean remote = false;
        if (remotePaths != null) {
            // A caller on another machine: its paths mean nothing here, the daemon's own are used.
            vars.put(io.infrakit.rpc.InfrakitPaths.HOME_ENV, remotePaths.home().toString());
            vars.put(io.infrakit.rpc.InfrakitPaths.PLUGINS_DIR_ENV, remotePaths.pluginsDir().toString());
        }
        for (int i = 5 + argc; i + 1 < h.size(); i += 2) {
            if (remotePaths != null) {
                if (!h.get(i).startsWith("INFRAKIT_") || h.get(i).equals("INFRAKIT_DEBUG")) {
                    vars.put(h.get(i), h.get(i + 1));
                }
            } else if (!NOT_FROM_CALLER.contains(h.get(i))) {
                vars.put(h.get(i), h.get(i + 1));
            } else if (h.get(i).equals("INFRAKIT_HOST") && !h.get(i + 1).isBlank()) {
                remote = true;
            }
        }
        ThinCall call = new ThinCall(in, out, terminal, plugins);
        boolean callersOwn = remotePaths != null && args.length > 0 && Arrays.stream(args).filter(a -> !a.startsWith("-"))
                .findFirst().map(ThinClient.LOCAL_OVER_TCP::contains).orElse(false);
        if (remote || callersOwn || !runsHere(args)) {
            // A caller that names a remote daemon means that one: its full CLI goes there, with its credentials.
            call.exit(ThinClient.NO_DAEMON);
            return;
        }
        List<Runnable> onStop = new CopyOnWriteArrayList<>();
        CliEnv env = new CliEnv(vars, onStop::add, call);
        // Frames of up to 64 KiB rather than the encoder's 8: a table of 1,000 members goes out in two writes, not
        // nine (each a flush through the socket); every flush the command makes still sends what it wrote.
        PrintWriter stdout = new PrintWriter(new OutputStreamWriter(new java.io.BufferedOutputStream(call.stream(Wire.OUT),
                OUT_FRAME), outCharset));
        PrintWriter stderr = new PrintWriter(new OutputStreamWriter(call.stream(Wire.ERR), errCharset));
        int[] code = {1};
        running.incrementAndGet();
        Thread command = Thread.ofVirtual().name("infrakit-cli-" + (args.length > 0 ? args[0] : "")).start(() -> {
            long started = System.nanoTime();
            try {
                code[0] = Main.run(env, stdout, stderr, args);
                // For measuring the daemon's share of a thin call (docs/performance.md, issue 15).
                LOG.debug("thin call {} exit {} in {} us", String.join(" ", Arrays.asList(args).subList(0, Math.min(2, args.length))),
                        code[0], (System.nanoTime() - started) / 1000);
            } catch (RuntimeException | Error e) {
                LOG.warn("thin call {} failed: {}", List.of(args), e.toString());
                stderr.println("error: unexpected failure: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            } finally {
                stdout.flush();
                stderr.flush();
                running.decrementAndGet();
            }
        });
        Thread listener = Thread.ofVirtual().name("infrakit-cli-in").start(() -> call.listen(() -> {
            if (!command.isAlive()) {
                return;
            }
            // As the JVM's shutdown hooks at Ctrl-C: what the command registered runs, then it stops.
            for (Runnable r : new ArrayList<>(onStop)) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.debug("thin call: a stop action failed: {}", e.toString());
                }
            }
            stdout.flush();
            stderr.flush();
            call.mute();
            command.interrupt();
        }));
        try {
            while (command.isAlive()) {
                if (call.cancelled()) {
                    command.join(CANCEL_GRACE_MILLIS);
                    break;
                }
                command.join(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            command.interrupt();
        }
        boolean cancelled = call.cancelled();
        call.exit(cancelled ? Watch.INTERRUPTED : code[0]);
        listener.interrupt();
        if (!cancelled) {
            warmUp.after(args, vars, code[0]);
        }
    }

    /** The command words run here; anything else (up, plugin, instance, version ...) is the full CLI's. */
    static boolean runsHere(String[] args) {
        for (String a : args) {
            if (a.equals("--host") || a.startsWith("--host=")) {
                return false;
            }
        }
        for (String a : args) {
            if (!a.startsWith("-")) {
                return COMMANDS.contains(a);
            }
            if (!a.equals("-h") && !a.equals("--help")) {
                return false; // -V, --version, or an option before the command
            }
        }
        return args.length > 0; // infrakit --help
    }

    private static Charset charset(String name) {
        try {
            return name.isEmpty() ? Charset.defaultCharset() : Charset.forName(name);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

}

package io.infrakit.client;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code infrakit} when a daemon runs: sends the command line, the caller's environment (a subset,
 * see {@link #environment}) and whether standard output is a terminal to the daemon over its
 * manager socket, and plays back what the daemon's run of the same command writes, then exits with
 * its exit code. Spec files are read here when the daemon asks. Ctrl-C cancels the command in the
 * daemon. Loads {@code java.base} only. Exits with {@link #NO_DAEMON} and writes nothing when no
 * daemon answers, so that {@code bin/infrakit} runs the full CLI instead.
 */
public final class ThinClient {

    /** "Nobody answered: run the full CLI." */
    public static final int NO_DAEMON = 200;

    /** The manager's socket name (core's ManagerKind.SOCKET). */
    static final String SOCKET = "group";

    /** What Ctrl-C ends a command with, as the JVM does on SIGINT. */
    static final int INTERRUPTED = 130;

    /** Commands whose spec templates read environment variables: they get the whole environment. */
    private static final Set<String> READS_SPECS = Set.of("apply", "plan", "group");

    /**
     * With {@code --host}, what the full CLI runs: spec templates read the caller's environment (not
     * shipped to another machine), deploy keeps its runs' state in the caller's home, and status
     * describes the caller's side (its home, its plugins, how it reaches the manager).
     */
    public static final Set<String> LOCAL_OVER_TCP = Set.of("apply", "plan", "group", "deploy", "status");

    private final Map<String, String> env;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final boolean terminal;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile HttpStream call;
    private volatile boolean cancelled;

    /** A client for this environment and these streams ({@link #main} passes the process's own). */
    public ThinClient(Map<String, String> env, InputStream stdin, OutputStream stdout, OutputStream stderr, boolean terminal) {
        this.env = env;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        // Raw file descriptors: no PrintStream encoding or buffer in the way, bytes go out as the daemon wrote them.
        int code = launch(System.getenv(), args, System.in, new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err));
        // Nothing is buffered, and the cancel hook has nothing left to do: halt, as System.exit would but without
        // its exit logging (the JDK looks up a System.Logger on exit: some 30 classes loaded for nothing).
        Runtime.getRuntime().halt(code);
    }

    /** What {@link #main} does before it exits (the AOT training run goes through here too). */
    static int launch(Map<String, String> env, String[] args, InputStream in, OutputStream out, OutputStream err) {
        ThinClient client = new ThinClient(env, in, out, err, stdoutIsTerminal());
        // Connected on a thread of its own while this one gets on: the JDK's first unix socket sets up
        // its SecureRandom and security providers (much less of it with UrandomProvider, see connect).
        client.connectAhead(args);
        Runtime.getRuntime().addShutdownHook(new Thread(new Canceller(client), "infrakit-cancel"));
        return client.run(args);
    }

    /** The JVM's shutdown (Ctrl-C, SIGTERM) cancels the call (a class, not a lambda: nothing to link at start-up). */
    private record Canceller(ThinClient client) implements Runnable {
        @Override
        public void run() {
            client.cancel();
        }
    }

    /** Connects ahead of the call (see {@link #connectAhead}). */
    private record Connector(ThinClient client) implements Runnable {
        @Override
        public void run() {
            try {
                client.ahead = client.connect();
            } catch (IOException | RuntimeException e) {
                client.ahead = null;
            }
        }
    }

    /**
     * As the full CLI decides it (its Ansi: {@code Console.isTerminal()}, which is standard input and
     * output both a terminal). {@code bin/infrakit} says so ({@code -Dinfrakit.tty}, from the shell's
     * {@code [ -t 0 ] && [ -t 1 ]}): asking the JDK's console loads and instantiates every console
     * provider in the JDK (about 40 classes) to answer.
     */
    static boolean stdoutIsTerminal() {
        String told = System.getProperty("infrakit.tty");
        if (told != null) {
            return told.equals("1");
        }
        // java.base's own console: the default provider search loads JLine only to ask this.
        if (System.getProperty("jdk.console") == null) {
            System.setProperty("jdk.console", "java.base");
        }
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** The manager socket this environment names (as the full CLI finds it). */
    static Path socket(Map<String, String> env) {
        String home = env.get("INFRAKIT_HOME");
        Path h = home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".infrakit") : Path.of(home);
        String dir = env.get("INFRAKIT_PLUGINS_DIR");
        Path plugins = dir == null || dir.isBlank() ? h.resolve("plugins") : Path.of(dir);
        return plugins.resolve(SOCKET);
    }

    /** Whether the process listening on the socket runs as us or root (the kernel's peer credentials). */
    private static boolean ours(SocketChannel channel) throws IOException {
        if (!channel.supportedOptions().contains(jdk.net.ExtendedSocketOptions.SO_PEERCRED)) {
            return true;
        }
        String peer = channel.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName();
        return peer.equals(System.getProperty("user.name")) || peer.equals("root");
    }

    /** Starts connecting to the local daemon now, on another thread; {@link #run} takes the channel. */
    void connectAhead(String[] args) {
        if (host(args) != null) {
            return;
        }
        Thread t = new Thread(new Connector(this), "infrakit-connect");
        t.setDaemon(true);
        t.start();
        connecting = t;
    }

    private volatile Thread connecting;
    private volatile SocketChannel ahead;

    /** The remote daemon named ({@code --host}, else INFRAKIT_HOST), or null. */
    String host(String[] args) {
        return HostOption.named(args, env);
    }

    /** The manager socket, connected, if it answers and its listener is ours; else null. */
    private SocketChannel connect() throws IOException {
        // Before the first unix socket: on the client runtime its random then comes from our provider, not SUN.
        UrandomProvider.installFirst();
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket(env)));
            if (!ours(channel)) {
                channel.close();
                return null; // another user's process: the full CLI refuses it, naming the socket and its owner
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Runs the command in the daemon; {@link #NO_DAEMON} when there is none (nothing written then). */
    public int run(String[] args) {
        String host = host(args);
        HttpStream connection;
        String[] sent = args;
        if (host != null) {
            sent = HostOption.withoutHost(args);
            RemoteDaemon daemon = LOCAL_OVER_TCP.contains(word(sent)) ? null : RemoteDaemon.of(host, env);
            try {
                connection = daemon == null ? null : daemon.connect();
            } catch (IOException | RuntimeException e) {
                connection = null; // not reachable, or its certificate not trusted: the full CLI says which
            }
        } else {
            connection = local();
        }
        if (connection == null) {
            finished.countDown();
            return NO_DAEMON;
        }
        return call(connection, sent, host != null ? host : socket(env).toString());
    }

    /** The local daemon's socket, connected (ahead, or now), or null. */
    private HttpStream local() {
        SocketChannel channel;
        try {
            Thread t = connecting;
            if (t != null) {
                t.join();
                channel = ahead;
            } else {
                channel = connect();
            }
        } catch (IOException | RuntimeException e) {
            channel = null; // no socket, nobody listening, or not ours to open: the full CLI says why
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel = null;
        }
        return channel == null ? null : new HttpStream(channel);
    }

    private static String word(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a;
            }
        }
        return "";
    }

    private int call(HttpStream connection, String[] args, String where) {
        byte[] first = Wire.frame(Wire.HELLO, Wire.strings(hello(args)));
        try (HttpStream http = connection) {
            call = http;
            http.start(Wire.PATH, first);
            int status;
            try {
                status = http.status();
            } catch (IOException | RuntimeException e) {
                return NO_DAEMON; // a daemon that closed on us before answering: let the full CLI try
            }
            InputStream body = http.body();
            if (status == 403) {
                // Refused by the daemon's peer credential check: say so, do not retry through the full CLI.
                String answer = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                int at = answer.indexOf("\"message\":\"");
                String message = at < 0 ? answer : answer.substring(at + 11, Math.max(at + 11, answer.indexOf('"', at + 11)));
                stderr.write(("error: " + message + "\n").getBytes(StandardCharsets.UTF_8));
                stderr.flush();
                return 1;
            }
            if (status != 200) {
                return NO_DAEMON; // a daemon without the thin path (older build): the full CLI talks to it
            }
            return play(http, body);
        } catch (IOException e) {
            if (cancelled) {
                return INTERRUPTED;
            }
            try {
                stderr.write(("error: lost the daemon at " + where + " during the command: " + e.getMessage()
                        + " (the command may have run; infrakit status shows the daemon)\n").getBytes(StandardCharsets.UTF_8));
                stderr.flush();
            } catch (IOException ignored) {
                // nowhere left to say it
            }
            return 1;
        } finally {
            finished.countDown();
        }
    }

    /** Plays the daemon's frames back until the exit code. */
    private int play(HttpStream http, InputStream body) throws IOException {
        while (true) {
            Wire.Frame f = Wire.read(body);
            if (f == null) {
                throw new IOException("the answer ended without an exit code");
            }
            switch (f.type()) {
                case Wire.OUT -> {
                    stdout.write(f.payload());
                    stdout.flush();
                }
                case Wire.ERR -> {
                    stderr.write(f.payload());
                    stderr.flush();
                }
                case Wire.READ -> http.send(Wire.frame(Wire.SOURCES, Wire.strings(LocalSpecFiles.read(Wire.strings(f.payload()), stdin))));
                case Wire.EXIT -> {
                    int code = Wire.exitCode(f.payload());
                    try {
                        http.end();
                        // Read the answer's end too: closing with unread bytes resets the daemon's side.
                        body.skip(Long.MAX_VALUE);
                    } catch (IOException ignored) {
                        // the daemon may already have closed; the answer is complete
                    }
                    return code;
                }
                default -> throw new IOException("unknown frame type " + f.type());
            }
        }
    }

    /** The call: protocol version, terminal or not, output charsets, the arguments, the environment. */
    List<String> hello(String[] args) {
        List<String> h = new ArrayList<>();
        h.add(Wire.VERSION);
        h.add(terminal ? "1" : "0");
        // The full CLI prints through System.out/err, in these charsets: the daemon encodes the same way.
        h.add(System.getProperty("stdout.encoding", ""));
        h.add(System.getProperty("stderr.encoding", ""));
        h.add(Integer.toString(args.length));
        h.addAll(List.of(args));
        environment(args).forEach((k, v) -> {
            // Credentials stay here: the daemon never takes them from a caller (nor needs them).
            if (!k.startsWith("INFRAKIT_TOKEN") && !k.startsWith("INFRAKIT_TLS_")) {
                h.add(k);
                h.add(v);
            }
        });
        return h;
    }

    /**
     * What of the environment the daemon sees: everything for commands that read spec files (their
     * templates read environment variables, as in the full CLI), otherwise what changes output:
     * INFRAKIT_* (paths, debug), NO_COLOR, TERM, COLUMNS, CLICOLOR*. The daemon runs as the same
     * user (it checks), so nothing here reaches anyone else.
     */
    Map<String, String> environment(String[] args) {
        String word = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                word = a;
                break;
            }
        }
        if (word != null && READS_SPECS.contains(word)) {
            return env;
        }
        Map<String, String> subset = new java.util.TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("INFRAKIT_") || k.equals("NO_COLOR") || k.equals("TERM") || k.equals("COLUMNS")
                    || k.startsWith("CLICOLOR")) {
                subset.put(k, v);
            }
        });
        return subset;
    }

    /**
     * Ctrl-C (the JVM's shutdown): tells the daemon to cancel, and waits a moment for what the
     * command writes while stopping (a watch resets the terminal's colours) and its end.
     */
    public void cancel() {
        HttpStream http = call;
        if (http == null || finished.getCount() == 0) {
            return;
        }
        cancelled = true;
        try {
            http.send(Wire.frame(Wire.CANCEL, new byte[0]));
            finished.await(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the daemon is gone already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}

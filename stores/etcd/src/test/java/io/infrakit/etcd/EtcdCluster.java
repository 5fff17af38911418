package io.infrakit.etcd;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real etcd cluster of separate etcd processes on free loopback ports, with temporary data dirs,
 * so that tests can kill and restart members. Fast raft timings keep the tests short.
 */
public final class EtcdCluster implements AutoCloseable {
    public static final Path ETCD = Path.of(System.getProperty("infrakit.etcd", "/usr/bin/etcd"));

    private final Path dir;
    private final int size;
    private final int[] clientPorts;
    private final int[] peerPorts;
    private final Process[] members;
    private final String token = "infrakit-test-" + UUID.randomUUID();
    private final List<String> extraArgs;
    private final String scheme;

    /** Skips the calling test when etcd is not installed, unless engines are required (CI). */
    public static void assumeInstalled() {
        if (Files.isExecutable(ETCD)) {
            return;
        }
        String why = ETCD + " is not installed (apt-get install etcd-server, or run .ci/engines/etcd.sh)";
        if ("1".equals(System.getProperty("infrakit.requireEngines")) || "1".equals(System.getenv("INFRAKIT_REQUIRE_ENGINES"))) {
            throw new AssertionError(why + " and INFRAKIT_REQUIRE_ENGINES=1 requires it");
        }
        Assumptions.abort(why + ": skipping");
    }

    public static EtcdCluster start(int size) throws IOException {
        return start(size, "http", List.of());
    }

    /** {@code scheme} https needs the TLS flags in {@code extraArgs}. */
    public static EtcdCluster start(int size, String scheme, List<String> extraArgs) throws IOException {
        assumeInstalled();
        EtcdCluster c = new EtcdCluster(size, scheme, extraArgs);
        try {
            for (int i = 0; i < size; i++) {
                c.startMember(i);
            }
            for (int i = 0; i < size; i++) {
                c.awaitHealthy(i, Duration.ofSeconds(30));
            }
            return c;
        } catch (IOException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    private EtcdCluster(int size, String scheme, List<String> extraArgs) throws IOException {
        this.size = size;
        this.scheme = scheme;
        this.extraArgs = extraArgs;
        this.dir = Files.createTempDirectory("etcd-cluster");
        this.clientPorts = new int[size];
        this.peerPorts = new int[size];
        this.members = new Process[size];
        for (int i = 0; i < size; i++) {
            clientPorts[i] = freePort();
            peerPorts[i] = freePort();
        }
    }

    public List<URI> endpoints() {
        List<URI> list = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            list.add(clientUrl(i));
        }
        return list;
    }

    public URI clientUrl(int i) {
        return URI.create(scheme + "://127.0.0.1:" + clientPorts[i]);
    }

    public String endpointList() {
        return endpoints().stream().map(Object::toString).collect(Collectors.joining(","));
    }

    public synchronized void startMember(int i) throws IOException {
        if (members[i] != null && members[i].isAlive()) {
            return;
        }
        String initial = java.util.stream.IntStream.range(0, size)
                .mapToObj(m -> "m" + m + "=http://127.0.0.1:" + peerPorts[m]).collect(Collectors.joining(","));
        List<String> cmd = new ArrayList<>(List.of(ETCD.toString(),
                "--name", "m" + i,
                "--data-dir", dir.resolve("m" + i).toString(),
                "--listen-client-urls", clientUrl(i).toString(),
                "--advertise-client-urls", clientUrl(i).toString(),
                "--listen-peer-urls", "http://127.0.0.1:" + peerPorts[i],
                "--initial-advertise-peer-urls", "http://127.0.0.1:" + peerPorts[i],
                "--initial-cluster", initial,
                "--initial-cluster-state", "new",
                "--initial-cluster-token", token,
                // Fast failure detection: a dead raft leader is replaced in about a second.
                "--heartbeat-interval", "100",
                "--election-timeout", "1000",
                "--logger", "zap",
                "--log-level", "warn"));
        cmd.addAll(extraArgs);
        Path log = dir.resolve("m" + i + ".log");
        members[i] = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** kill -9 of one member. */
    public synchronized void kill(int i) throws InterruptedException {
        Process p = members[i];
        if (p != null) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    public void restart(int i) throws IOException {
        startMember(i);
        awaitHealthy(i, Duration.ofSeconds(30));
    }

    /** Waits until the member answers (a restarted one answers once it rejoined a quorum). */
    public void awaitHealthy(int i, Duration within) {
        if (!"http".equals(scheme)) {
            // TLS members: the health URL needs client certificates; callers check with their own client.
            sleep(Duration.ofSeconds(2));
            return;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (members[i] != null && !members[i].isAlive()) {
                throw new IllegalStateException("etcd member m" + i + " exited: " + tail(i));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(clientUrl(i) + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"true\"")) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("etcd member m" + i + " not healthy within " + within + ": " + tail(i));
    }

    public String tail(int i) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("m" + i + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        for (Process p : members) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
        for (Process p : members) {
            if (p != null) {
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // temp dir: best effort
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

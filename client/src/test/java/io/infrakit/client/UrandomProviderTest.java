package io.infrakit.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The thin client's own random for the JDK's first unix socket: its bytes, and which of the client's
 * paths put it first. The paths run the real client in a JVM of its own against a stand-in daemon on
 * a unix socket in this test, either on a runtime like bin/infrakit's trimmed client runtime
 * ({@code --limit-modules java.base,jdk.net}) or on the whole JDK, and read which classes that JVM
 * loaded ({@code -Xlog:class+load}, no AOT cache: every line is a class the run needed) and the
 * JDK's own account of its provider list ({@code -Djava.security.debug=jca}).
 */
class UrandomProviderTest {

    private static final String SUN = "sun.security.provider.Sun ";
    private static final String OURS = "io.infrakit.client.UrandomProvider ";
    /** The modules of bin/infrakit's trimmed client runtime. */
    private static final List<String> TRIMMED = List.of("--limit-modules", "java.base,jdk.net");

    private Path dir;
    private ServerSocketChannel server;
    private Thread daemon;

    @BeforeEach
    void standInDaemon() throws IOException {
        dir = Files.createTempDirectory("infrakit-urandom");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(plugins.resolve(ThinClient.SOCKET)));
        daemon = Thread.ofPlatform().daemon().start(this::answer);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        daemon.interrupt();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void theRandomReadsChangingBytesFromTheKernel() throws Exception {
        SecureRandom random = SecureRandom.getInstance(UrandomProvider.ALGORITHM, new UrandomProvider());
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        random.nextBytes(a);
        random.nextBytes(b);
        assertThat(random.getProvider().getName()).isEqualTo(UrandomProvider.NAME);
        assertThat(a).isNotEqualTo(b);
        // 32 equal bytes from /dev/urandom: one chance in 2^248
        assertThat(distinct(a)).isGreaterThan(1);
        assertThat(random.generateSeed(16)).hasSize(16).isNotEqualTo(new byte[16]);
    }

    @Test
    void onAWholeJdkTheProviderListIsLeftAlone() {
        // This test's JVM runs on the whole JDK: its look-up would build seven module providers before ours.
        assertThat(ModuleLayer.boot().findModule("java.xml.crypto")).isPresent();
        assertThat(UrandomProvider.entry(ModuleLayer.boot())).isNull();
        String first = Security.getProperty("security.provider.1");
        UrandomProvider.installFirst();
        assertThat(Security.getProperty("security.provider.1")).isEqualTo(first).isEqualTo("SUN");
    }

    @Test
    void withoutProviderModulesTheEntryIsTheClassName() {
        assertThat(UrandomProvider.entry(ModuleLayer.empty())).isEqualTo(UrandomProvider.class.getName());
    }

    @Test
    void theLocalPathOnATrimmedRuntimePutsItFirstAndTheSocketStillConnects() throws Exception {
        Run run = client(TRIMMED, List.of("get", "groups"), null);
        assertThat(run.code()).as("the stand-in daemon's exit code: the client connected and played its answer").isEqualTo(7);
        assertThat(run.out()).isEqualTo("stand-in answer\n");
        assertThat(run.providers()).as("the JDK's provider list").startsWith("[io.infrakit.client.UrandomProvider, SUN, ");
        assertThat(run.classes()).as("our provider served the socket's random").contains(OURS)
                .contains("io.infrakit.client.UrandomProvider$UrandomRandom ")
                .as("the JDK never built its SUN provider").doesNotContain(SUN);
    }

    @Test
    void aRemoteDaemonKeepsTheJdksProviders() throws Exception {
        // Nothing listens on port 1: the client gives up after setting up TLS and leaves it to the full CLI.
        Run run = client(TRIMMED, List.of("--host", "127.0.0.1:1", "get", "groups"), "a-token");
        assertThat(run.code()).isEqualTo(ThinClient.NO_DAEMON);
        assertThat(run.providers()).as("the JDK's provider list").startsWith("[SUN, ").doesNotContain("UrandomProvider");
        assertThat(run.classes()).as("TLS set up with the JDK's providers").contains(SUN).doesNotContain(OURS);
    }

    @Test
    void onAWholeJdkTheLocalPathConnectsWithTheJdksRandom() throws Exception {
        Run run = client(List.of(), List.of("get", "groups"), null);
        assertThat(run.code()).isEqualTo(7);
        assertThat(run.out()).isEqualTo("stand-in answer\n");
        assertThat(run.providers()).startsWith("[SUN, ");
        // UrandomProvider itself is loaded (it decides), but never built: its random class stays unloaded.
        assertThat(run.classes()).contains(SUN).doesNotContain("io.infrakit.client.UrandomProvider$UrandomRandom ");
    }

    @Test
    void aProviderEntryTheJdkCannotLoadIsSkipped() throws Exception {
        // What the client relies on when its provider cannot be loaded: the JDK skips the entry and the socket
        // takes SUN's random.
        Path props = dir.resolve("java.security");
        StringBuilder list = new StringBuilder("security.provider.1=io.infrakit.client.NoSuchProvider\n");
        for (int i = 1; Security.getProperty("security.provider." + i) != null; i++) {
            list.append("security.provider.").append(i + 1).append('=').append(Security.getProperty("security.provider." + i)).append('\n');
        }
        Files.writeString(props, list);
        Run run = client(List.of("-Djava.security.properties=" + props), List.of("get", "groups"), null);
        assertThat(run.code()).isEqualTo(7);
        assertThat(run.out()).isEqualTo("stand-in answer\n");
        assertThat(run.providers()).startsWith("[io.infrakit.client.NoSuchProvider, SUN, ");
        assertThat(run.classes()).contains(SUN);
    }

    /** Exit code, standard output, the classes loaded, and the JDK's own account of its provider list (stderr). */
    private record Run(int code, String out, String classes, String providers) {
    }

    private Run client(List<String> options, List<String> args, String token) throws Exception {
        Path log = dir.resolve("classes-" + System.nanoTime() + ".txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xshare:auto", "-Dinfrakit.tty=0", "-Xlog:class+load=info:file=" + log,
                "-Djava.security.debug=jca"));
        command.addAll(options);
        command.addAll(List.of("-cp", classes(), "io.infrakit.client.ThinClient"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("INFRAKIT_"));
        pb.environment().put("INFRAKIT_HOME", dir.toString());
        if (token != null) {
            pb.environment().put("INFRAKIT_TOKEN", token);
        }
        Path err = dir.resolve("stderr-" + System.nanoTime() + ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String list = Files.readAllLines(err).stream().filter(l -> l.contains("provider configuration: "))
                .map(l -> l.substring(l.indexOf("provider configuration: ") + 24)).findFirst().orElse("");
        return new Run(p.exitValue(), out, Files.readString(log), list);
    }

    /** The client's compiled classes. */
    private static String classes() throws Exception {
        return Path.of(UrandomProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static long distinct(byte[] bytes) {
        return IntStream.range(0, bytes.length).map(i -> bytes[i]).distinct().count();
    }

    /** One call per connection: reads the request's head and first frame, answers a line and exit code 7. */
    private void answer() {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept()) {
                InputStream in = Channels.newInputStream(c);
                OutputStream out = Channels.newOutputStream(c);
                String line;
                while (!(line = readLine(in)).isEmpty()) {
                    // the request's head
                }
                readLine(in);
                Wire.read(in);
                readLine(in);
                out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                chunk(out, Wire.frame(Wire.OUT, "stand-in answer\n".getBytes(StandardCharsets.UTF_8)));
                chunk(out, Wire.exit(7));
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in.readAllBytes();
            } catch (IOException e) {
                // closed at the end of the test, or a client that went away: the next call (if any) is answered
            }
        }
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("end of stream");
            }
            if (c != '\r') {
                s.write(c);
            }
        }
        return s.toString(StandardCharsets.US_ASCII);
    }
}

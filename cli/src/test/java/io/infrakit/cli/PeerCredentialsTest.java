package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.ManagerDaemon;
import io.infrakit.client.ThinClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A caller that is not the daemon's user gets nothing: neither through the thin client's path nor
 * through plain JSON-RPC, even when the socket's permissions were loosened so that it can connect
 * (the daemon checks the peer credentials of every call). Runs the callers as {@code nobody} with
 * {@code setpriv}, so it needs root; skipped otherwise.
 */
class PeerCredentialsTest {

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private CliRun cli;
    private ManagerDaemon daemon;
    private Path dir;
    private Path classes;

    @BeforeEach
    void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(SETPRIV),
                "needs root and setpriv to run a caller as another user (nobody)");
        cli = new CliRun();
        daemon = ManagerDaemon.start(cli);
        // The client's classes where nobody can read them.
        dir = Files.createTempDirectory(Path.of("/tmp"), "ikclient");
        Path from = Path.of(ThinClientTest.clientClassPath());
        classes = Files.isDirectory(from) ? dir.resolve("classes") : dir.resolve("client.jar");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path to = Files.isDirectory(from) ? classes.resolve(from.relativize(f).toString()) : classes;
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        Files.setPosixFilePermissions(cli.home, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void stop() throws Exception {
        if (cli != null) {
            ManagerDaemon.stopAndDelete(daemon, cli);
        }
        if (dir != null) {
            io.infrakit.cli.testing.TestProcesses.deleteTree(dir);
        }
    }

    record Run(int code, String out, String err) {
    }

    private Run asNobody(List<String> command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=65534", "--regid=65534", "--clear-groups"));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("/tmp").toFile());
        pb.environment().putAll(cli.env().variables());
        pb.environment().put("HOME", "/tmp");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err);
    }

    private List<String> client(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes.toString(), "io.infrakit.client.ThinClient"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void anotherUserGetsNothingEvenThroughALoosenedSocket() throws Exception {
        // As made: socket 0600 in a 0700 folder; nobody cannot even connect, and the client leaves it
        // to the full CLI (exit 200, nothing written), which fails to connect the same way.
        Run closed = asNobody(client("get", "groups"));
        assertThat(closed).isEqualTo(new Run(ThinClient.NO_DAEMON, "", ""));

        // Loosened (a shared folder, a chmod): nobody connects, and the daemon refuses by peer credentials.
        Files.setPosixFilePermissions(cli.plugins, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(cli.plugins.resolve("group"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Run thin = asNobody(client("get", "groups"));
        assertThat(thin.out()).isEmpty();
        assertThat(thin.err()).startsWith("error: forbidden: user 'nobody' may not call this daemon (it runs as 'root')");
        assertThat(thin.code()).isEqualTo(1);

        // Plain JSON-RPC on the same socket: refused the same way, no answer from the plugin.
        Path raw = Files.writeString(dir.resolve("Raw.java"), """
                import java.net.*; import java.nio.*; import java.nio.channels.*; import java.nio.charset.StandardCharsets;
                public class Raw { public static void main(String[] a) throws Exception {
                  try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    c.connect(UnixDomainSocketAddress.of(a[0]));
                    String body = "{\\"jsonrpc\\":\\"2.0\\",\\"method\\":\\"Group.InspectGroups\\",\\"params\\":{},\\"id\\":1}";
                    c.write(ByteBuffer.wrap(("POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Type: application/json\\r\\nContent-Length: "
                        + body.length() + "\\r\\nConnection: close\\r\\n\\r\\n" + body).getBytes(StandardCharsets.US_ASCII)));
                    System.out.print(new String(java.nio.channels.Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8));
                  } } }
                """);
        Files.setPosixFilePermissions(raw, PosixFilePermissions.fromString("rw-r--r--"));
        {
            Run rpc = asNobody(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), raw.toString(),
                    cli.plugins.resolve("group").toString()));
            assertThat(rpc.out()).as(rpc.err()).startsWith("HTTP/1.1 403");
            assertThat(rpc.out()).contains("forbidden: user 'nobody'").doesNotContain("\"result\"");
        }

        // The daemon's own user still gets its answers.
        assertThat(cli.run("get", "groups").code()).isZero();
    }
}

package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.ManagerDaemon;
import io.infrakit.cli.testing.TestProcesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Another local user ({@code nobody}, through {@code setpriv}) against a daemon of ours: it reads
 * none of the home's files (stored specs, history, events, secrets, logs) even when the home itself
 * is left open, cannot connect to the sockets, cannot make our daemon run a home it prepared, and a
 * socket it plants where our CLI looks receives no call (the CLI names the socket and its owner).
 * Needs root, setpriv and python3 (the other user's programs); skipped otherwise.
 */
class SecondUserTest {

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private CliRun cli;
    private ManagerDaemon daemon;
    private Path shared;

    @BeforeEach
    void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(SETPRIV) && Files.isExecutable(PYTHON),
                "needs root, setpriv and python3 to act as another user (nobody)");
        cli = new CliRun();
        Path secrets = Files.createDirectories(cli.home.resolve("secrets"));
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
        Path secret = Files.writeString(secrets.resolve("db-password"), SecretsTest.VALUE + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms");
        Path spec = Files.writeString(cli.home.resolve("db.yml"), SecretsTest.SPEC);
        Files.setPosixFilePermissions(spec, PosixFilePermissions.fromString("rw-------"));
        cli.ok("apply", "-f", spec.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.run("get", "groups").out().matches("(?s).*db\\s+1\\s+1.*"));
        // A folder both users can write into, as /tmp is.
        shared = Files.createTempDirectory(Path.of("/tmp"), "ikshared");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @AfterEach
    void stop() throws Exception {
        if (cli != null) {
            ManagerDaemon.stopAndDelete(daemon, cli);
        }
        if (shared != null) {
            TestProcesses.deleteTree(shared);
        }
    }

    record Run(int code, String out, String err) {
    }

    private static Run asNobody(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=65534", "--regid=65534", "--clear-groups"));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("/tmp").toFile());
        pb.environment().put("HOME", "/tmp");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void anotherUserReadsNothingEvenWhenTheHomeIsLeftOpen() throws Exception {
        // The worst a careless owner does: the home itself traversable and listable by all.
        Files.setPosixFilePermissions(cli.home, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(cli.home)) {
            files = walk.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().equals("db.yml")).toList();
        }
        // The stored spec, its history, the events journal and the secret are among them.
        String all = files.toString();
        assertThat(all).contains("secrets/db-password", "events");
        assertThat(files).anyMatch(f -> f.toString().contains("configs"));
        for (Path f : files) {
            Run read = asNobody("/bin/cat", f.toString());
            assertThat(read.code()).as("nobody read " + f + ": " + read.out()).isNotZero();
            assertThat(read.out()).doesNotContain(SecretsTest.VALUE);
            assertThat(read.err()).contains("Permission denied");
        }
        // Nor list what the home holds below its top.
        for (Path d : List.of(cli.home.resolve("configs"), cli.home.resolve("secrets"), cli.plugins)) {
            if (Files.isDirectory(d)) {
                assertThat(asNobody("/bin/ls", d.toString()).code()).as(d.toString()).isNotZero();
            }
        }
        // Nor connect to any socket of the daemon.
        try (Stream<Path> sockets = Files.list(cli.plugins)) {
            for (Path s : sockets.filter(p -> !Files.isRegularFile(p) && !Files.isDirectory(p)).toList()) {
                Run connect = asNobody(PYTHON.toString(), "-c",
                        "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ntry:\n s.connect(sys.argv[1]); print('connected')\n"
                                + "except OSError as e:\n print(type(e).__name__)", s.toString());
                assertThat(connect.out().trim()).as(s.toString()).isEqualTo("PermissionError");
            }
        }
        // And the owner's group is as it was.
        assertThat(cli.run("get", "groups").out()).containsPattern("db\\s+1\\s+1");
    }

    @Test
    void aSocketAnotherUserPlantedReceivesNoCallFromOurCli() throws Exception {
        // nobody serves a socket named like the manager's in a folder our CLI is pointed at, logging what it gets.
        Path planted = shared.resolve("plugins");
        Path received = shared.resolve("received");
        asNobody("/bin/mkdir", "-m", "0755", planted.toString());
        Path socket = planted.resolve("group");
        // Named like the manager's and the plugins the spec names, so the CLI gets as far as calling.
        Process trap = new ProcessBuilder(SETPRIV.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                PYTHON.toString(), "-c", """
                import os,socket,sys,threading
                def serve(path):
                    s=socket.socket(socket.AF_UNIX); s.bind(path); os.chmod(path, 0o666); s.listen(16)
                    while True:
                        c,_=s.accept(); c.settimeout(2)
                        try: data=c.recv(65536)
                        except OSError: data=b''
                        open(sys.argv[1],'ab').write(data); c.close()
                for p in sys.argv[3:]: threading.Thread(target=serve, args=(p,), daemon=True).start()
                serve(sys.argv[2])
                """, received.toString(), socket.toString(), planted.resolve("vanilla").toString(),
                planted.resolve("simulator").toString()).redirectErrorStream(true).start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket) && Files.exists(planted.resolve("simulator")));
            assertThat(Files.getOwner(socket).getName()).isEqualTo("nobody");
            Path spec = cli.home.resolve("db.yml");
            for (String[] command : List.of(new String[]{"apply", "-f", spec.toString()},
                    new String[]{"group", "commit", spec.toString()}, new String[]{"get", "groups"})) {
                CliRun.Result r = runWithPlugins(planted, command);
                assertThat(r.code()).as(String.join(" ", command) + "\n" + r.out() + r.err()).isNotZero();
                assertThat(r.err()).as(String.join(" ", command)).contains(socket.toString(), "'nobody'")
                        .doesNotContain("Exception", "\tat ");
            }
            // The trap got nothing at all: not a byte, so neither the spec nor its secret.
            assertThat(received).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyFile());
        } finally {
            trap.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void ourDaemonRefusesAHomeAnotherUserPrepared() throws Exception {
        // nobody prepares a home with a spec in its store and points us at it.
        Path home = shared.resolve("home");
        assertThat(asNobody("/bin/mkdir", "-p", "-m", "0755", home.resolve("configs").toString()).code()).isZero();
        CliRun victim = new CliRun(home);
        CliRun.Result r = victim.run("plugin", "start", "manager", "group", "vanilla", "simulator");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).contains(home.toString(), "chown").doesNotContain("Exception");
        // It started nothing there: no socket folder was made in it.
        assertThat(victim.plugins).doesNotExist();
    }

    private CliRun.Result runWithPlugins(Path plugins, String... args) {
        return new CliRun(cli.home, plugins).run(args);
    }
}

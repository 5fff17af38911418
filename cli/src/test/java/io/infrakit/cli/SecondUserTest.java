package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.Engines;
import io.infrakit.cli.testing.LocalUser;
import io.infrakit.cli.testing.ManagerDaemon;
import io.infrakit.cli.testing.TestProcesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Another local user, made for this test and removed after it ({@link LocalUser}: useradd, setpriv,
 * userdel), against a daemon of ours: it reads none of the home's files (stored specs, history,
 * events, secrets, logs) even when the home itself is left open, cannot connect to the sockets,
 * cannot make our daemon run a spec it planted in a home (or a socket folder) it prepared, and a
 * socket it plants where our CLI looks receives no call (the CLI names the socket and its owner).
 * Needs root and python3 (the other user's programs): skipped without, failed when INFRAKIT_REQUIRE_ENGINES=1.
 */
class SecondUserTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private static LocalUser probe;

    private CliRun cli;
    private ManagerDaemon daemon;
    private Path shared;

    @BeforeAll
    static void addUser() throws Exception {
        Engines.program(PYTHON.toString(), "python3.sh");
        probe = LocalUser.create();
    }

    @AfterAll
    static void removeUser() throws Exception {
        if (probe != null) {
            probe.close(); // fails when the user is still known afterwards
            assertThat(probe.exists()).isFalse();
        }
    }

    @BeforeEach
    void start() throws Exception {
        assertThat(probe.exists()).as(probe + " made for this test").isTrue();
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

    private static LocalUser.Run asProbe(String... command) throws Exception {
        return probe.run(command);
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
            LocalUser.Run read = asProbe("/bin/cat", f.toString());
            assertThat(read.code()).as(probe + " read " + f + ": " + read.out()).isNotZero();
            assertThat(read.out()).doesNotContain(SecretsTest.VALUE);
            assertThat(read.err()).contains("Permission denied");
        }
        // Nor list what the home holds below its top.
        for (Path d : List.of(cli.home.resolve("configs"), cli.home.resolve("secrets"), cli.plugins)) {
            if (Files.isDirectory(d)) {
                assertThat(asProbe("/bin/ls", d.toString()).code()).as(d.toString()).isNotZero();
            }
        }
        // Nor connect to any socket of the daemon.
        try (Stream<Path> sockets = Files.list(cli.plugins)) {
            for (Path s : sockets.filter(p -> !Files.isRegularFile(p) && !Files.isDirectory(p)).toList()) {
                LocalUser.Run connect = asProbe(PYTHON.toString(), "-c",
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
        // The probe serves a socket named like the manager's in a folder our CLI is pointed at, logging what it gets.
        Path planted = shared.resolve("plugins");
        Path received = shared.resolve("received");
        asProbe("/bin/mkdir", "-m", "0755", planted.toString());
        Path socket = planted.resolve("group");
        // Named like the manager's and the plugins the spec names, so the CLI gets as far as calling.
        Process trap = probe.processBuilder(PYTHON.toString(), "-c", """
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
            assertThat(Files.getOwner(socket).getName()).isEqualTo(probe.name());
            Path spec = cli.home.resolve("db.yml");
            for (String[] command : List.of(new String[]{"apply", "-f", spec.toString()},
                    new String[]{"group", "commit", spec.toString()}, new String[]{"get", "groups"})) {
                CliRun.Result r = runWithPlugins(planted, command);
                assertThat(r.code()).as(String.join(" ", command) + "\n" + r.out() + r.err()).isNotZero();
                assertThat(r.err()).as(String.join(" ", command)).contains(socket.toString(), "'" + probe.name() + "'")
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
        // The probe prepares a home whose store holds a real stored spec (a copy of ours, made its own) and points us at it.
        Path home = Files.createDirectories(shared.resolve("home"));
        assertThat(new ProcessBuilder("cp", "-a", cli.home.resolve("configs").toString(), home.resolve("configs").toString())
                .inheritIO().start().waitFor()).isZero();
        assertThat(new ProcessBuilder("chown", "-R", probe.name() + ":", home.toString()).inheritIO().start().waitFor()).isZero();
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> planted = Files.walk(home.resolve("configs"))) {
            List<Path> specs = planted.filter(Files::isRegularFile).toList();
            assertThat(specs).as("the planted store").isNotEmpty();
            for (Path f : specs) {
                assertThat(Files.getOwner(f).getName()).isEqualTo(probe.name());
            }
        }
        CliRun victim = new CliRun(home);
        CliRun.Result r = victim.run("plugin", "start", "manager", "group", "vanilla", "simulator");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).contains(home.toString(), "chown", probe.name()).doesNotContain("Exception");
        // It started nothing there, so the planted spec never ran: no socket folder was made in it.
        assertThat(victim.plugins).doesNotExist();

        // Our own home, but its socket folder made by the probe (where it could plant sockets): refused too.
        CliRun ours = new CliRun();
        try {
            assertThat(asProbe("/bin/mkdir", "-m", "0755", shared.resolve("sockets").toString()).code()).isZero();
            CliRun.Result s = new CliRun(ours.home, shared.resolve("sockets")).run("plugin", "start", "manager", "group", "vanilla",
                    "simulator");
            assertThat(s.code()).as(s.out() + s.err()).isEqualTo(1);
            assertThat(s.err()).contains(shared.resolve("sockets").toString(), probe.name()).doesNotContain("Exception");
            try (Stream<Path> sockets = Files.list(shared.resolve("sockets"))) {
                assertThat(sockets.toList()).as("nothing served from the probe's folder").isEmpty();
            }
        } finally {
            ours.delete();
        }
    }

    private CliRun.Result runWithPlugins(Path plugins, String... args) {
        return new CliRun(cli.home, plugins).run(args);
    }
}

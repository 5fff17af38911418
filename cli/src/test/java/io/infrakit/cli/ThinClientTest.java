package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.client.ThinClient;
import io.infrakit.client.Wire;
import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.host.PluginHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The thin client (io.infrakit.client) against a real daemon in this JVM: every read command, its
 * help and its errors give the same bytes and exit code as the full CLI; spec files are read on the
 * client's side; Ctrl-C cancels the command in the daemon.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThinClientTest {

    private CliRun cli;
    private PluginHost host;
    private CliService service;
    private Path specs;

    @BeforeAll
    void startDaemon() throws Exception {
        cli = new CliRun();
        host = PluginHost.create(InfrakitPaths.fromEnv(cli.env().variables()));
        host.startAll(List.of("manager", "group", "vanilla", "simulator"), Map.of("group", Map.of("poll-interval", "200ms")));
        service = new CliService(host.registry());
        host.served().stream().filter(s -> s.name().equals("group")).findFirst().orElseThrow().server().route(Wire.PATH, service);
        await().atMost(Duration.ofSeconds(15)).until(() -> cli.run("status").out().contains("(leader)"));
        specs = Files.createDirectories(cli.home.resolve("specs"));
        Files.writeString(specs.resolve("web.yml"), """
                kind: group
                metadata:
                  name: web
                properties:
                  Allocation:
                    Size: {{ size | default(3) }}
                  Flavor:
                    Plugin: vanilla
                    Properties:
                      Init: ["echo {{ GREETING | default("hi") }}"]
                  Instance:
                    Plugin: simulator/compute
                    Properties: {release: v1}
                """);
        cli.ok("apply", "-f", specs.resolve("web.yml").toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.run("get", "groups").out().contains("Converged"));
    }

    @AfterAll
    void stopDaemon() throws Exception {
        if (host != null) {
            host.close();
        }
        if (cli != null) {
            cli.delete();
        }
    }

    record Run(int code, String out, String err) {
    }

    private Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(cli.env().variables());
        env.putAll(extra);
        return env;
    }

    private Run full(Map<String, String> extra, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnv env = new CliEnv(env(extra), a -> { }, new Caller() {
            @Override
            public InputStream stdin() {
                return new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public boolean stdoutIsTerminal() {
                return false;
            }

            @Override
            public io.infrakit.core.spec.SpecSources sources() {
                return io.infrakit.core.spec.SpecSources.LOCAL;
            }

            @Override
            public boolean local() {
                return true;
            }
        });
        int code = Main.run(env, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private Run thin(Map<String, String> extra, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ThinClient(env(extra), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, false)
                .run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs the command both ways and compares. Ages ("12s") tick between two runs, so a pair that
     * differs is run once more: a real difference differs every time.
     */
    private Run same(Map<String, String> extra, String stdin, String... args) {
        Run thin = null;
        Run full = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            thin = thin(extra, stdin, args);
            full = full(extra, stdin, args);
            if (thin.equals(full)) {
                break;
            }
        }
        assertThat(thin.code()).as("exit code of " + List.of(args)).isNotEqualTo(ThinClient.NO_DAEMON);
        assertThat(thin.out()).as("stdout of " + List.of(args)).isEqualTo(full.out());
        assertThat(thin.err()).as("stderr of " + List.of(args)).isEqualTo(full.err());
        assertThat(thin.code()).as("exit code of " + List.of(args)).isEqualTo(full.code());
        return thin;
    }

    private Run same(String... args) {
        return same(Map.of(), "", args);
    }

    @Test
    void everyReadCommandGivesTheFullClisBytesAndExitCode() {
        List<List<String>> reads = List.of(
                List.of("get", "groups"), List.of("get", "groups", "-o", "wide"), List.of("get", "groups", "-o", "json"),
                List.of("get", "groups", "-o", "yaml"), List.of("get", "groups", "-o", "name"),
                List.of("get", "groups", "--no-headers"), List.of("get", "instances"), List.of("get", "instances", "web"),
                List.of("get", "instances", "-o", "json"), List.of("get", "instances", "-o", "ids"),
                List.of("get", "instances", "-o", "jsonpath={[*].ID}"),
                List.of("describe", "group", "web"), List.of("status"), List.of("history", "web"), List.of("events"),
                List.of("rollout", "status", "web"), List.of("explain", "group"), List.of("group", "ls"),
                List.of("group", "describe", "web"), List.of("group", "inspect", "web"), List.of("completion", "bash"));
        for (List<String> args : reads) {
            Run r = same(args.toArray(String[]::new));
            assertThat(r.code()).as(args + ": " + r.err()).isZero();
            assertThat(r.out()).as(args.toString()).isNotEmpty();
        }
        assertThat(same("get", "instances").out()).contains("web").contains("Running");
        // the plain reads were warmed in the background after their first call (ThinWarmUp)
        await().atMost(Duration.ofSeconds(30)).until(() -> service.warmUpRuns() > 0);
    }

    /**
     * The daemon reads a group's typed description for these (no JSON tree per member), the full CLI its JSON over
     * the socket: members with logical IDs, every format of {@code get instances}, and the counts and members of
     * {@code describe group}, byte for byte.
     */
    @Test
    void readsOfMembersWithLogicalIdsGiveTheSameBytesInEveryFormat() throws Exception {
        Path db = Files.writeString(specs.resolve("db.yml"), """
                kind: group
                metadata:
                  name: db
                properties:
                  Allocation:
                    LogicalIDs: [db-1, db-2]
                  Flavor:
                    Plugin: vanilla
                    Properties:
                      Init: ["echo db"]
                      Tags: {tier: data, "zone.name": "a b"}
                  Instance:
                    Plugin: simulator/compute
                    Properties: {release: v2}
                """);
        cli.ok("apply", "-f", db.toString());
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> cli.run("get", "groups", "db").out().contains("Converged"));
            for (List<String> args : List.of(List.of("get", "instances", "db"), List.of("get", "instances", "-o", "wide"),
                    List.of("get", "instances", "db", "-o", "json"), List.of("get", "instances", "-o", "yaml"),
                    List.of("get", "instances", "-o", "name"), List.of("get", "instances", "--no-headers"),
                    List.of("get", "instances", "db", "-o", "template={{.LogicalID}} {{.Status}} {{.Health}}"),
                    List.of("get", "groups", "db", "-o", "wide"), List.of("describe", "group", "db"),
                    List.of("describe", "group", "db", "--events", "30"), List.of("status"))) {
                Run r = same(args.toArray(String[]::new));
                assertThat(r.code()).as(args + ": " + r.err()).isZero();
            }
            assertThat(same("get", "instances", "db", "-o", "wide").out()).contains("db-1").contains("db-2")
                    .contains("tier=data").contains("zone.name=a b");
            assertThat(same("describe", "group", "db").out()).contains("  db-1").contains("desired 2, running 2");
        } finally {
            cli.ok("destroy", "group", "db");
        }
    }

    @Test
    void helpAndErrorsAreTheSameToo() {
        for (List<String> args : List.of(List.of("--help"), List.of("-h"), List.of("help"), List.of("help", "get"),
                List.of("get", "--help"), List.of("describe", "--help"), List.of("status", "-h"), List.of("apply", "--help"),
                List.of("group", "--help"), List.of("events", "--help"), List.of("rollout", "status", "--help"))) {
            assertThat(same(args.toArray(String[]::new)).out()).as(args.toString()).contains("Usage:");
        }
        assertThat(same("get", "nope").code()).isEqualTo(2);
        assertThat(same("get").code()).isEqualTo(2);
        assertThat(same("get", "groups", "-o", "toml").code()).isEqualTo(2);
        assertThat(same("get", "groups", "--bogus").code()).isEqualTo(2);
        assertThat(same("describe", "group", "nope").code()).isEqualTo(1);
        assertThat(same("history", "nope").code()).isNotZero();
        assertThat(same("describe", "groupz", "web").code()).isEqualTo(2);
        assertThat(same("rollout", "status", "nope").code()).isNotZero();
    }

    @Test
    void specFilesAreReadOnTheClientsSideWithTheSameRulesAndWords() throws Exception {
        String web = specs.resolve("web.yml").toString();
        // templates see the caller's environment and --var; the plan is the same both ways
        Run plan = same(Map.of("GREETING", "hello"), "", "plan", "-f", web, "--var", "size=4");
        assertThat(plan.code()).isZero();
        assertThat(plan.out()).contains("Allocation.Size: 3 -> 4").contains("echo hello");
        // standard input ("-") is the client's
        Run stdin = same(Map.of(), Files.readString(specs.resolve("web.yml")), "plan", "-f", "-", "--var", "size=5");
        assertThat(stdin.out()).contains("Allocation.Size: 3 -> 5");
        // a folder, a missing file, an empty folder, a device, too large a file: the same errors, exit 2
        assertThat(same("plan", "-f", specs.toString()).code()).isZero();
        assertThat(same("plan", "-f", specs.resolve("missing.yml").toString()).code()).isEqualTo(2);
        Path empty = Files.createDirectories(cli.home.resolve("empty"));
        assertThat(same("plan", "-f", empty.toString()).code()).isEqualTo(2);
        assertThat(same("apply", "-f", "/dev/zero").code()).isEqualTo(2);
        Path big = cli.home.resolve("big.yml");
        Files.write(big, new byte[1024 * 1024 + 10]);
        Run tooBig = same("apply", "-f", big.toString());
        assertThat(tooBig.code()).isEqualTo(2);
        assertThat(tooBig.err()).contains("1 MiB");
        assertThat(same("group", "commit", web, "--pretend").code()).isZero();
        assertThat(cli.run("get", "groups").out()).containsPattern("web +3 +3 ");
    }

    @Test
    void varsAndDeployRunInTheDaemonWithTheSameBytes() throws Exception {
        cli.ok("vars", "set", "deployments/thin/token", "SWMTKN-1-thin");
        assertThat(same("vars", "get", "deployments/thin/token").out()).isEqualTo("SWMTKN-1-thin\n");
        assertThat(same("vars", "get", "--version", "deployments/thin/token").code()).isZero();
        assertThat(same("vars", "ls").out()).contains("deployments");
        assertThat(same("vars", "ls", "-l").out()).contains("deployments/thin/token").contains("SWMTKN-1-thin");
        assertThat(same("vars", "get", "deployments/thin/nope").code()).isEqualTo(1);
        assertThat(same("vars", "ls", "/bad//path").code()).isNotZero();
        assertThat(same("vars", "--help").out()).contains("Usage:");
        assertThat(same("deploy", "--help").out()).contains("Usage:");
        // set and rm write: the thin run's effect is what the full CLI then sees
        Run set = thin(Map.of(), "", "vars", "set", "deployments/thin/other", "v1");
        assertThat(set.code()).isZero();
        assertThat(set.out()).startsWith("deployments/thin/other set (version ");
        assertThat(full(Map.of(), "", "vars", "get", "deployments/thin/other").out()).isEqualTo("v1\n");
        assertThat(thin(Map.of(), "", "vars", "rm", "deployments/thin/other"))
                .isEqualTo(new Run(0, "deployments/thin/other removed\n", ""));
        assertThat(full(Map.of(), "", "vars", "get", "deployments/thin/other").code()).isEqualTo(1);

        // deploy -f: the file is read on the client's side, bounded like a spec
        Path file = Files.writeString(specs.resolve("thin-deploy.yml"), """
                kind: deployment
                name: thin
                deployments:
                  - name: one
                    plugin: simulator/compute
                    steps:
                      - name: hello
                        run: echo {{ var "deployments/thin/token" }}
                """);
        Run dry = same("deploy", "-f", file.toString(), "--dry-run");
        assertThat(dry.code()).isZero();
        assertThat(dry.out()).contains("deployment 'one'").contains("dry run: nothing was created");
        assertThat(same(Map.of(), Files.readString(file), "deploy", "-f", "-", "--dry-run").out())
                .contains("dry run: nothing was created");
        assertThat(same("deploy", "-f", specs.resolve("missing.yml").toString(), "--dry-run").code()).isEqualTo(2);
        assertThat(same("deploy", "-f", "/dev/zero", "--dry-run").code()).isEqualTo(2);
        Path big = cli.home.resolve("big-deploy.yml");
        Files.write(big, new byte[1024 * 1024 + 10]);
        Run tooBig = same("deploy", "-f", big.toString(), "--dry-run");
        assertThat(tooBig.code()).isEqualTo(2);
        assertThat(tooBig.err()).contains("1 MiB");
        assertThat(same("deploy", "-f", file.toString(), "--dry-run", "--resume").code()).isEqualTo(2);
    }

    @Test
    void commandsTheDaemonDoesNotRunAreLeftToTheFullCli() {
        for (List<String> args : List.<List<String>>of(List.of("version"), List.of("--version"), List.of(), List.of("up"),
                List.of("plugin", "ls"), List.of("instance", "describe", "--plugin", "simulator/compute"),
                List.of("get", "groups", "--host", "tcp://127.0.0.1:1"), List.of("nonsense"))) {
            Run r = thin(Map.of(), "", args.toArray(String[]::new));
            assertThat(r).as(args.toString()).isEqualTo(new Run(ThinClient.NO_DAEMON, "", ""));
        }
        assertThat(thin(Map.of("INFRAKIT_HOST", "tcp://127.0.0.1:1"), "", "get", "groups"))
                .as("a remote daemon named in the environment").isEqualTo(new Run(ThinClient.NO_DAEMON, "", ""));
        Run noDaemon = new Run(new ThinClient(Map.of("INFRAKIT_HOME", cli.home.resolve("nothing-here").toString()),
                InputStream.nullInputStream(), new ByteArrayOutputStream(), new ByteArrayOutputStream(), false)
                .run(new String[]{"get", "groups"}), "", "");
        assertThat(noDaemon.code()).isEqualTo(ThinClient.NO_DAEMON);
    }

    @Test
    void ctrlCCancelsAWatchInTheDaemon() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ThinClient client = new ThinClient(env(Map.of()), InputStream.nullInputStream(), out, new ByteArrayOutputStream(), false);
        CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() -> client.run(new String[]{"get", "groups", "-w", "--interval", "100"}));
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString(StandardCharsets.UTF_8).contains("web"));
        assertThat(service.running()).isEqualTo(1);
        client.cancel(); // what the client's shutdown hook does at Ctrl-C
        assertThat(watch.get(10, TimeUnit.SECONDS)).isEqualTo(130);
        await().atMost(Duration.ofSeconds(5)).until(() -> service.running() == 0);

        ThinClient follower = new ThinClient(env(Map.of()), InputStream.nullInputStream(), new ByteArrayOutputStream(),
                new ByteArrayOutputStream(), false);
        CompletableFuture<Integer> events = CompletableFuture.supplyAsync(() -> follower.run(new String[]{"events", "-f"}));
        await().atMost(Duration.ofSeconds(20)).until(() -> service.running() == 1);
        follower.cancel();
        assertThat(events.get(10, TimeUnit.SECONDS)).isEqualTo(130);
        await().atMost(Duration.ofSeconds(5)).until(() -> service.running() == 0);
    }

    /** The real thing: a client process, its SIGINT, and what it leaves running in the daemon. */
    @Test
    void sigintOfAClientProcessEndsItsCommandInTheDaemon() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", clientClassPath(), "io.infrakit.client.ThinClient", "events", "-f"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(cli.env().variables());
        Process p = pb.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> service.running() == 1);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(130);
            await().atMost(Duration.ofSeconds(5)).until(() -> service.running() == 0);
        } finally {
            p.destroyForcibly();
        }
    }

    /** The client's process loads the JDK and its own classes only: no picocli, Jackson, Jetty or CLI class. */
    @Test
    void theClientProcessLoadsNothingButTheJdkAndItself() throws Exception {
        Path log = cli.home.resolve("client-classes.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", clientClassPath(), "io.infrakit.client.ThinClient", "get", "instances");
        pb.environment().putAll(cli.env().variables());
        // Ages ("12s") tick between the two runs: a pair that differs runs once more, as in same().
        String out = null;
        String expected = null;
        for (int attempt = 0; attempt < 3 && (out == null || !out.equals(expected)); attempt++) {
            Process p = pb.start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            expected = same("get", "instances").out();
        }
        assertThat(out).isEqualTo(expected);
        List<String> foreign = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            int at = line.indexOf("[class,load] ");
            if (at < 0 || !line.contains(" source: ")) {
                continue;
            }
            String name = line.substring(at + 13, line.indexOf(' ', at + 13));
            String source = line.substring(line.indexOf(" source: ") + 9);
            // hidden classes (lambdas) name the class that defined them as their source
            boolean jdk = source.startsWith("jrt:/") || source.startsWith("shared objects file") || source.startsWith("__")
                    || source.matches("(java|javax|jdk|sun)\\..*");
            boolean ours = name.startsWith("io.infrakit.client.");
            if (!(jdk && !name.startsWith("io.infrakit.")) && !ours) {
                foreign.add(line);
            }
        }
        assertThat(foreign).as("classes from outside the JDK and the client").isEmpty();
        assertThat(Files.readString(log)).contains("io.infrakit.client.ThinClient").doesNotContain("picocli")
                .doesNotContain("com.fasterxml").doesNotContain("org.eclipse.jetty").doesNotContain("io.infrakit.cli.");
    }

    /** Where the client's classes are: its jar or classes folder on this test's class path. */
    static String clientClassPath() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.contains("infrakit-client") || entry.replace('\\', '/').contains("client/target/classes")) {
                return entry;
            }
        }
        throw new IllegalStateException("the client module is not on the test class path");
    }

}

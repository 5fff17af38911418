package io.infrakit.rpc;

import io.infrakit.rpc.registry.PluginRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.rpc.discovery.DiscoveredPlugin;
import io.infrakit.rpc.discovery.PluginDiscovery;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceChangeSource;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Our Java client drives the Python example plugin (examples/plugins/python/plugin.py): the
 * protocol is language-neutral. Skipped when python3 is absent, unless engines are required
 * (INFRAKIT_REQUIRE_ENGINES=1 or -Dinfrakit.requireEngines=1), where its absence fails.
 */
class PythonPluginInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "py";

    private Path dir;
    private Process python;
    private PluginRegistry registry;

    @BeforeEach
    void startPythonPlugin() throws Exception {
        String version = pythonVersion();
        if (version == null) {
            if (enginesRequired()) {
                fail("python3 is required (INFRAKIT_REQUIRE_ENGINES=1) but `python3 --version` does not run; install python3");
            }
            assumeThat(version).as("python3 not found on PATH: skipping the Python plugin interop test").isNotNull();
        }
        // Under /tmp, short: a unix socket path must stay under 108 bytes.
        dir = Files.createTempDirectory(Path.of("/tmp"), "ikpy");
        python = launch();
        registry = new PluginRegistry(new InfrakitPaths(dir, dir));
    }

    /** Starts plugin.py on {@code dir} and waits until its socket answers. */
    private Process launch() throws Exception {
        Path script = findScript();
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "--name", NAME)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("plugin.log").toFile());
        pb.environment().put("INFRAKIT_PLUGINS_DIR", dir.toString());
        pb.environment().remove("INFRAKIT_HOME");
        Process p = pb.start();
        Path socket = dir.resolve(NAME);
        await("python plugin socket " + socket).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!p.isAlive()) {
                        fail("python plugin exited with " + p.exitValue() + ": " + log());
                    }
                    return PluginDiscovery.listening(socket);
                });
        return p;
    }

    @AfterEach
    void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (python != null && python.isAlive()) {
            python.destroy(); // SIGTERM: the plugin removes its socket and pid file
            if (!python.waitFor(10, TimeUnit.SECONDS)) {
                python.destroyForcibly();
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void ourClientDrivesThePythonPlugin() throws Exception {
        InstancePlugin vm = registry.instance(NAME + "/vm");

        vm.validate(JSON.readTree("{\"size\":\"small\"}"));
        assertThatThrownBy(() -> vm.validate(JSON.readTree("{\"size\":\"huge\"}")))
                .isInstanceOf(PluginException.class).hasMessageContaining("Properties.size");

        String a = vm.provision(new InstanceSpec(JSON.readTree("{\"size\":\"small\"}"),
                Map.of("infrakit.group", "web", "infrakit.config.hash", "h1"), "echo hi", null, null));
        String b = vm.provision(new InstanceSpec(JSON.readTree("{\"size\":\"large\"}"),
                Map.of("infrakit.group", "web", "infrakit.config.hash", "h1"), "", null, null));
        String c = vm.provision(new InstanceSpec(null, Map.of("infrakit.group", "db"), "", "db-1", null));
        assertThat(List.of(a, b, c)).doesNotHaveDuplicates();

        List<InstanceDescription> web = vm.describeInstances(Map.of("infrakit.group", "web"), false);
        assertThat(web).extracting(InstanceDescription::id).containsExactlyInAnyOrder(a, b);
        assertThat(web).allSatisfy(d -> assertThat(d.properties()).isNull());
        assertThat(web).allSatisfy(d -> assertThat(d.tags()).containsEntry("infrakit.config.hash", "h1"));

        List<InstanceDescription> withProps = vm.describeInstances(Map.of("infrakit.group", "web"), true);
        assertThat(withProps).filteredOn(d -> d.id().equals(b)).singleElement()
                .satisfies(d -> assertThat(d.properties()).isEqualTo(JSON.readTree("{\"size\":\"large\"}")));
        assertThat(vm.describeInstances(Map.of("infrakit.group", "db"), false)).singleElement()
                .satisfies(d -> assertThat(d.logicalId()).isEqualTo("db-1"));

        vm.label(a, Map.of("infrakit.config.hash", "h2", "owner", "me"));
        assertThat(vm.describeInstances(Map.of("infrakit.config.hash", "h2"), false)).singleElement()
                .satisfies(d -> {
                    assertThat(d.id()).isEqualTo(a);
                    assertThat(d.tags()).containsEntry("owner", "me").containsEntry("infrakit.group", "web");
                });

        vm.destroy(a, DestroyContext.terminate());
        assertThat(vm.describeInstances(Map.of("infrakit.group", "web"), false))
                .extracting(InstanceDescription::id).containsExactly(b);
        assertThatThrownBy(() -> vm.destroy(a, DestroyContext.terminate()))
                .isInstanceOf(PluginException.class).hasMessageContaining(a);
        assertThatThrownBy(() -> vm.label("nope", Map.of("x", "y")))
                .isInstanceOf(PluginException.class).hasMessageContaining("nope");
    }

    @Test
    void errorsComeBackAsJsonRpcErrorsAndThePluginKeepsServing() {
        assertThatThrownBy(() -> registry.client(NAME).call("Instance.Nope", Map.of()))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(-32601));
        assertThatThrownBy(() -> registry.instance(NAME + "/nosuch").describeInstances(Map.of(), false))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(-32000);
                    assertThat(e.getMessage()).contains("nosuch");
                });
        JsonNode hello = registry.client(NAME).call("Handshake.Hello", Map.of());
        assertThat(hello.path("Objects").path("Instance/0.6.1").get(0).path("Name").asText()).isEqualTo("vm");
    }

    @Test
    void discoveryListsThePythonPluginAndItCleansUpOnSigterm() throws Exception {
        List<DiscoveredPlugin> found = new PluginDiscovery(registry.paths(), registry.http(), Duration.ofSeconds(5)).list();
        assertThat(found).filteredOn(p -> p.name().equals(NAME)).singleElement().satisfies(p -> {
            assertThat(p.state()).isEqualTo(DiscoveredPlugin.State.LIVE);
            assertThat(p.objects()).containsEntry("Instance/0.6.1", List.of("vm"));
        });
        assertThat(dir.resolve(NAME + ".pid")).content().isEqualTo(Long.toString(python.pid()));

        python.destroy();
        assertThat(python.waitFor(10, TimeUnit.SECONDS)).as("plugin stops on SIGTERM").isTrue();
        assertThat(dir.resolve(NAME)).doesNotExist();
        assertThat(dir.resolve(NAME + ".pid")).doesNotExist();
    }

    @Test
    void thePythonPluginStreamsItsChangesOverInstanceEvents() throws Exception {
        InstancePlugin vm = registry.instance(NAME + "/vm");
        assertThat(vm).isInstanceOf(io.infrakit.spi.instance.InstanceChangeSource.class);
        String a = vm.provision(new InstanceSpec(null, Map.of("infrakit.group", "web"), "", null, null));
        java.util.concurrent.LinkedBlockingQueue<io.infrakit.spi.instance.InstanceChange> got = new java.util.concurrent.LinkedBlockingQueue<>();
        try (AutoCloseable ignored = ((io.infrakit.spi.instance.InstanceChangeSource) vm).watch(got::add)) {
            // The stream subscribes in the background: label until its change arrives.
            io.infrakit.spi.instance.InstanceChange first = null;
            for (int i = 0; i < 100 && first == null; i++) {
                vm.label(a, Map.of("try", Integer.toString(i)));
                first = got.poll(100, TimeUnit.MILLISECONDS);
            }
            assertThat(first).isNotNull();
            assertThat(first.kind()).isEqualTo(io.infrakit.spi.instance.InstanceChange.Kind.CHANGED);
            assertThat(first.instanceId()).isEqualTo(a);
            got.clear();
            vm.destroy(a, DestroyContext.terminate());
            io.infrakit.spi.instance.InstanceChange lost = got.poll(15, TimeUnit.SECONDS);
            while (lost != null && lost.kind() != io.infrakit.spi.instance.InstanceChange.Kind.LOST) {
                lost = got.poll(15, TimeUnit.SECONDS); // a late label change
            }
            assertThat(lost).as("LOST after the destroy").isNotNull();
            assertThat(lost.instanceId()).isEqualTo(a);
            assertThat(lost.tags()).containsEntry("infrakit.group", "web");
        }
        // JSON-RPC 2.0: a notification (no id) gets no answer from Python either.
        io.infrakit.rpc.testing.RawHttp.Message m = io.infrakit.rpc.testing.RawHttp.post(dir.resolve(NAME),
                "{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"params\":{}}");
        assertThat(m.startLine()).startsWith("HTTP/1.1 200");
        assertThat(m.body()).isEmpty();
    }

    @Test
    void aDestroyByAnotherClientIsLostAndTheStreamFollowsARestartedPythonPlugin() throws Exception {
        InstancePlugin vm = registry.instance(NAME + "/vm");
        InstanceChangeSource source = (InstanceChangeSource) vm;
        LinkedBlockingQueue<InstanceChange> got = new LinkedBlockingQueue<>();
        try (PluginRegistry other = new PluginRegistry(new InfrakitPaths(dir, dir));
             AutoCloseable ignored = source.watch(got::add)) {
            InstancePlugin elsewhere = other.instance(NAME + "/vm");
            // The stream subscribes in the background: provision and destroy from the other client until a LOST
            // arrives (the watcher made none of these calls).
            InstanceChange lost = null;
            String victim = null;
            for (int i = 0; i < 50 && lost == null; i++) {
                victim = elsewhere.provision(new InstanceSpec(null, Map.of("infrakit.group", "db"), "", null, null));
                elsewhere.destroy(victim, DestroyContext.terminate());
                lost = got.poll(200, TimeUnit.MILLISECONDS);
            }
            assertThat(lost).as("LOST for a destroy by another client").isNotNull();
            assertThat(lost.kind()).isEqualTo(InstanceChange.Kind.LOST);
            assertThat(lost.tags()).containsEntry("infrakit.group", "db");

            // The plugin restarts: a new epoch, so the stream's cursor is reset and the watcher is told to
            // observe everything again (a CHANGED without an instance), the controller's cue to poll.
            python.destroy();
            assertThat(python.waitFor(10, TimeUnit.SECONDS)).isTrue();
            got.clear();
            python = launch();
            InstanceChange resync = got.poll(20, TimeUnit.SECONDS);
            while (resync != null && resync.instanceId() != null) {
                resync = got.poll(20, TimeUnit.SECONDS); // a late LOST of the loop above
            }
            assertThat(resync).as("a resync after the plugin restarted").isNotNull();
            assertThat(resync.kind()).isEqualTo(InstanceChange.Kind.CHANGED);
            assertThat(resync.tags()).isEmpty();

            // And the stream goes on from the new process.
            String after = elsewhere.provision(new InstanceSpec(null, Map.of("infrakit.group", "db"), "", null, null));
            elsewhere.destroy(after, DestroyContext.terminate());
            InstanceChange next = got.poll(20, TimeUnit.SECONDS);
            assertThat(next).as("LOST from the restarted plugin").isNotNull();
            assertThat(next.kind()).isEqualTo(InstanceChange.Kind.LOST);
            assertThat(next.instanceId()).isEqualTo(after);
        }
    }

    private static boolean enginesRequired() {
        return "1".equals(System.getProperty("infrakit.requireEngines")) || "1".equals(System.getenv("INFRAKIT_REQUIRE_ENGINES"));
    }

    private static String pythonVersion() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** examples/plugins/python/plugin.py, found from the module folder Maven runs tests in. */
    private static Path findScript() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path script = d.resolve("examples/plugins/python/plugin.py");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException("examples/plugins/python/plugin.py not found above " + Path.of("").toAbsolutePath());
    }

    private String log() throws IOException {
        Path log = dir.resolve("plugin.log");
        return Files.exists(log) ? Files.readString(log) : "(no output)";
    }
}

package io.infrakit.simulator;

import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.PluginLookup;
import io.infrakit.spi.plugin.RunningPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.ServiceLoader;

import static io.infrakit.simulator.SimulatorInstancePluginTest.ids;
import static io.infrakit.simulator.SimulatorInstancePluginTest.json;
import static io.infrakit.simulator.SimulatorInstancePluginTest.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorPluginKindTest {

    @TempDir
    Path home;

    record Context(Path home, Map<String, String> options) implements PluginContext {
        @Override
        public Path pluginsDir() {
            return home.resolve("plugins");
        }

        @Override
        public PluginLookup plugins() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void isFoundByServiceLoaderAndServesComputeDiskNet() throws Exception {
        PluginKind kind = ServiceLoader.load(PluginKind.class).stream().map(ServiceLoader.Provider::get)
                .filter(k -> k.name().equals("simulator")).findFirst().orElseThrow();

        try (RunningPlugin running = kind.start(new Context(home, Map.of()))) {
            assertThat(running.socketName()).isEqualTo("simulator");
            assertThat(running.objects()).containsOnlyKeys("compute", "disk", "net");
            assertThat(running.objects().values()).allMatch(o -> o instanceof InstancePlugin);
            InstancePlugin compute = (InstancePlugin) running.objects().get("compute");
            InstancePlugin disk = (InstancePlugin) running.objects().get("disk");
            compute.provision(spec(Map.of()));
            assertThat(compute.describeInstances(Map.of(), false)).hasSize(1);
            assertThat(disk.describeInstances(Map.of(), false)).isEmpty(); // each object has its own instances
        }
        assertThat(home.resolve("simulator")).doesNotExist(); // nothing persisted unless asked
    }

    @Test
    void badOptionsStopTheStartWithAClearMessage() {
        assertThatThrownBy(() -> new SimulatorPluginKind().start(new Context(home, Map.of("failure-rate", "2"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failure-rate").hasMessageContaining("'2'");
    }

    @Test
    void persistedInstancesSurviveARestart() throws Exception {
        Map<String, String> opts = Map.of("persist", "true");
        String kept;
        String gone;
        String labelled;
        try (RunningPlugin first = new SimulatorPluginKind().start(new Context(home, opts))) {
            SimulatorInstancePlugin compute = (SimulatorInstancePlugin) first.objects().get("compute");
            kept = compute.provision(new InstanceSpec(json("{\"cpu\":4}"), Map.of("infrakit.group", "g"), "echo hi", "db-1", null));
            gone = compute.provision(spec(Map.of("infrakit.group", "g")));
            labelled = compute.provision(spec(Map.of("infrakit.group", "g")));
            compute.destroy(gone, DestroyContext.terminate());
            compute.label(labelled, Map.of("owner", "me"));
        }
        Path file = Simulator.stateFile(home, "compute");
        assertThat(file).exists();
        assertThat(file.resolveSibling("compute.json.tmp")).doesNotExist();

        try (RunningPlugin second = new SimulatorPluginKind().start(new Context(home, opts))) {
            SimulatorInstancePlugin compute = (SimulatorInstancePlugin) second.objects().get("compute");
            assertThat(ids(compute.describeInstances(Map.of("infrakit.group", "g"), false))).containsExactly(kept, labelled);
            assertThat(compute.describeInstances(Map.of("owner", "me"), false)).hasSize(1);
            SimulatedInstance k = compute.instance(kept).orElseThrow();
            assertThat(k.logicalId()).isEqualTo("db-1");
            assertThat(k.properties()).isEqualTo(json("{\"cpu\":4}"));
            assertThat(k.init()).isEqualTo("echo hi");
            assertThat(k.tags()).containsEntry("simulator", "simulator");
            String fresh = compute.provision(spec(Map.of()));
            assertThat(fresh).isNotIn(kept, gone, labelled);
            assertThat(((InstancePlugin) second.objects().get("disk")).describeInstances(Map.of(), false)).isEmpty();
        }
    }

    @Test
    void aCorruptStateFileIsRefusedNamingTheFile() throws Exception {
        Path file = Simulator.stateFile(home, "disk");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> new Simulator(SimulatorOptions.DEFAULTS.withPersist(true), InstantSource.system(), home))
                .hasMessageContaining(file.toString()).hasMessageContaining("delete");
    }
}

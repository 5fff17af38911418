package io.infrakit.rpc;

import io.infrakit.rpc.registry.PluginRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.host.PluginHost;
import io.infrakit.rpc.host.PluginOptions;
import io.infrakit.rpc.testing.FakeInstancePlugin;
import io.infrakit.rpc.testing.FakeKind;
import io.infrakit.rpc.testing.RawHttp;
import io.infrakit.rpc.testing.TempDirs;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.InstanceSpec;
import io.infrakit.spi.plugin.PluginKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginHostTest {

    Path dir;
    InfrakitPaths paths;
    PluginRegistry registry;
    FakeKind kind;
    PluginHost host;

    @BeforeEach
    void setUp() throws IOException {
        dir = TempDirs.create();
        paths = InfrakitPaths.under(dir);
        registry = new PluginRegistry(paths);
        kind = new FakeKind();
        host = new PluginHost(paths, registry, RpcInterfaces.standard(), Map.<String, PluginKind>of("fake", kind));
    }

    @AfterEach
    void tearDown() throws IOException {
        host.close();
        registry.close();
        TempDirs.delete(dir);
    }

    @Test
    void installedKindsAreFoundByServiceLoader() {
        assertThat(PluginHost.installedKinds()).containsKey("fake");
    }

    @Test
    void startsServesRegistersAndClosesCleanly() throws IOException {
        List<PluginHost.Served> served = host.startAll(List.of("fake"), PluginOptions.parse(List.of("fake.prefix=x")));
        assertThat(served).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("fake");
            assertThat(s.socket()).isEqualTo(paths.socket("fake"));
            assertThat(s.objects()).isEqualTo(Map.of("Instance/0.6.1", List.of("compute", "disk")));
        });
        assertThat(kind.lastContext.home()).isEqualTo(dir);
        assertThat(kind.lastContext.pluginsDir()).isEqualTo(paths.pluginsDir());
        assertThat(kind.lastContext.options()).isEqualTo(Map.of("prefix", "x"));
        assertThat(kind.lastContext.plugins()).isSameAs(registry);

        // In this JVM: the object itself. Over the socket: the same object answers.
        assertThat(registry.instance("fake/compute")).isInstanceOf(FakeInstancePlugin.class);
        String id = registry.instance("fake/compute").provision(new InstanceSpec(null, Map.of(), "", null, null));
        assertThat(id).startsWith("x-");
        JsonNode answer = WireJson.mapper().readTree(RawHttp.post(paths.socket("fake"),
                "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"compute\",\"Tags\":{}},\"id\":1}").body());
        assertThat(answer.get("result").get("Descriptions").get(0).get("ID").asText()).isEqualTo(id);

        host.close();
        assertThat(paths.socket("fake")).doesNotExist();
        assertThat(paths.pidFile("fake")).doesNotExist();
        assertThat(kind.closed.get()).isEqualTo(1);
        assertThat(registry.localNames()).isEmpty();
    }

    @Test
    void kindCanBeServedUnderAnotherName() {
        host.startAll(List.of("fake:sim2"), Map.of());
        assertThat(paths.socket("sim2")).exists();
        assertThat(registry.instance("sim2/disk")).isNotNull();
    }

    @Test
    void unknownKindListsKnownKinds() {
        assertThatThrownBy(() -> host.startAll(List.of("nosuch"), Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown plugin kind 'nosuch'").hasMessageContaining("fake");
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> host.startAll(List.of("fake"), PluginOptions.parse(List.of("fake.prefx=1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefx").hasMessageContaining("prefix");
        assertThatThrownBy(() -> host.startAll(List.of("fake"), PluginOptions.parse(List.of("other.a=1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other");
        assertThatThrownBy(() -> PluginOptions.parse(List.of("noequals"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kind.key=value");
        assertThat(PluginOptions.parse(List.of("a.b=c=d"))).isEqualTo(Map.of("a", Map.of("b", "c=d")));
    }

    @Test
    void allOrNothing() {
        assertThatThrownBy(() -> host.startAll(List.of("fake", "nosuch"), Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(paths.socket("fake")).doesNotExist();
        assertThat(kind.closed.get()).isEqualTo(1);
        assertThat(host.served()).isEmpty();
    }

    @Test
    void aLivePluginOwningTheSocketStopsTheStart() {
        host.startAll(List.of("fake"), Map.of());
        try (PluginRegistry other = new PluginRegistry(paths)) {
            PluginHost second = new PluginHost(paths, other, RpcInterfaces.standard(), Map.<String, PluginKind>of("fake", new FakeKind()));
            assertThatThrownBy(() -> second.startAll(List.of("fake"), Map.of())).isInstanceOf(PluginException.class)
                    .hasMessageContaining("already running");
            second.close();
        }
        assertThat(paths.socket("fake")).exists();
    }

    /** A kind serving one object, recording when it is closed. */
    record RecordingKind(String name, Object object, List<String> closes) implements PluginKind {
        @Override
        public String description() {
            return name;
        }

        @Override
        public io.infrakit.spi.plugin.RunningPlugin start(io.infrakit.spi.plugin.PluginContext context) {
            return io.infrakit.spi.plugin.RunningPlugin.single(name, object, () -> closes.add(name));
        }
    }

    @Test
    void closesSocketsFirstThenControllersThenTheRestInReverseOrder() {
        List<String> closes = new java.util.concurrent.CopyOnWriteArrayList<>();
        Object group = java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{io.infrakit.spi.group.GroupPlugin.class}, (p, m, a) -> m.getName().equals("hashCode") ? 1 : null);
        Map<String, PluginKind> kinds = Map.of(
                "grp", new RecordingKind("grp", group, closes),
                "sim", new RecordingKind("sim", new FakeInstancePlugin("s"), closes),
                "van", new RecordingKind("van", new io.infrakit.rpc.testing.FakeFlavorPlugin(), closes));
        PluginHost h = new PluginHost(paths, registry, RpcInterfaces.standard(), kinds);
        h.startAll(List.of("sim", "grp", "van"), Map.of());
        h.close();
        assertThat(closes).containsExactly("grp", "van", "sim");
        assertThat(paths.socket("grp")).doesNotExist();
    }

    @Test
    void twoPluginsCannotShareASocketName() {
        assertThatThrownBy(() -> host.startAll(List.of("fake", "fake"), Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KIND:OTHERNAME");
    }
}

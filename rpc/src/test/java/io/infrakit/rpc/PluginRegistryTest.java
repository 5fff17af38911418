package io.infrakit.rpc;

import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.discovery.DiscoveredPlugin;
import io.infrakit.rpc.discovery.PluginDiscovery;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.rpc.server.RpcServer;
import io.infrakit.rpc.testing.FakeFlavorPlugin;
import io.infrakit.rpc.testing.FakeInstancePlugin;
import io.infrakit.rpc.testing.TempDirs;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginRegistryTest {

    Path dir;
    InfrakitPaths paths;
    PluginRegistry registry;

    @BeforeEach
    void setUp() throws IOException {
        dir = TempDirs.create();
        paths = InfrakitPaths.under(dir);
        registry = new PluginRegistry(paths);
    }

    @AfterEach
    void tearDown() throws IOException {
        registry.close();
        TempDirs.delete(dir);
    }

    @Test
    void pathsFromEnvironment() {
        InfrakitPaths fromHome = InfrakitPaths.fromEnv(Map.of("INFRAKIT_HOME", "/x/ik"));
        assertThat(fromHome.home()).isEqualTo(Path.of("/x/ik"));
        assertThat(fromHome.pluginsDir()).isEqualTo(Path.of("/x/ik/plugins"));
        InfrakitPaths overridden = InfrakitPaths.fromEnv(Map.of("INFRAKIT_HOME", "/x/ik", "INFRAKIT_PLUGINS_DIR", "/run/p"));
        assertThat(overridden.pluginsDir()).isEqualTo(Path.of("/run/p"));
        InfrakitPaths defaults = InfrakitPaths.fromEnv(Map.of());
        assertThat(defaults.home()).isEqualTo(Path.of(System.getProperty("user.home"), ".infrakit"));
        assertThat(defaults.socket("simulator")).isEqualTo(defaults.pluginsDir().resolve("simulator"));
        assertThat(defaults.pidFile("simulator").getFileName().toString()).isEqualTo("simulator.pid");
    }

    @Test
    void pluginNames() {
        assertThat(PluginName.parse("simulator/compute")).isEqualTo(new PluginName("simulator", "compute"));
        assertThat(PluginName.parse("vanilla")).isEqualTo(new PluginName("vanilla", ""));
        assertThat(PluginName.parse("group/workers").toString()).isEqualTo("group/workers");
        assertThatThrownBy(() -> PluginName.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PluginName.parse("/x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void localObjectsAreReturnedAsTheyAre() {
        FakeInstancePlugin compute = new FakeInstancePlugin("c");
        FakeFlavorPlugin vanilla = new FakeFlavorPlugin();
        registry.register("simulator", Map.of("compute", compute));
        registry.register("vanilla", Map.of("", vanilla));
        assertThat(registry.instance("simulator/compute")).isSameAs(compute);
        assertThat(registry.flavor("vanilla")).isSameAs(vanilla);
        assertThatThrownBy(() -> registry.instance("simulator/disk")).isInstanceOf(PluginException.class)
                .hasMessageContaining("simulator/disk").hasMessageContaining("compute");
        assertThatThrownBy(() -> registry.group("vanilla")).isInstanceOf(PluginException.class)
                .hasMessageContaining("not a GroupPlugin");
        registry.unregister("simulator");
        assertThatThrownBy(() -> registry.instance("simulator/compute")).isInstanceOf(PluginException.class)
                .hasMessageContaining(paths.socket("simulator").toString());
    }

    @Test
    void localGroupNamesWithATypeReachTheDefaultGroupObject() {
        Object group = java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{io.infrakit.spi.group.GroupPlugin.class}, (p, m, a) -> null);
        registry.register("group", Map.of("", group));
        assertThat(registry.group("group/workers")).isSameAs(group);
        assertThat(registry.group("group")).isSameAs(group);
    }

    @Test
    void remoteObjectsAreProxies() {
        Map<String, Object> objects = new LinkedHashMap<>();
        objects.put("compute", new FakeInstancePlugin("c"));
        try (RpcServer server = new RpcServer(paths.socket("remote"), new Dispatcher("remote", objects, RpcInterfaces.standard())).start()) {
            InstancePlugin compute = registry.instance("remote/compute");
            assertThat(compute).isNotInstanceOf(FakeInstancePlugin.class);
            String id = compute.provision(new InstanceSpec(null, Map.of("k", "v"), "", null, null));
            assertThat(((FakeInstancePlugin) objects.get("compute")).describeInstances(Map.of(), false))
                    .extracting(d -> d.id()).containsExactly(id);
        }
    }

    @Test
    void unknownPluginNamesItAndWhereItLooked() {
        assertThatThrownBy(() -> registry.instance("nowhere/compute")).isInstanceOf(PluginException.class)
                .hasMessageContaining("nowhere/compute").hasMessageContaining(paths.socket("nowhere").toString());
        assertThatThrownBy(() -> registry.instance("")).isInstanceOf(PluginException.class);
    }

    @Test
    void discoveryListsLiveAndStaleSockets() throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Files.createDirectories(paths.pluginsDir());
            s.bind(UnixDomainSocketAddress.of(paths.socket("dead")));
        }
        Map<String, Object> objects = new LinkedHashMap<>();
        objects.put("compute", new FakeInstancePlugin("c"));
        objects.put("disk", new FakeInstancePlugin("d"));
        try (RpcServer sim = new RpcServer(paths.socket("sim"), new Dispatcher("sim", objects, RpcInterfaces.standard())).start();
             RpcServer van = new RpcServer(paths.socket("van"), new Dispatcher("van", Map.of("", new FakeFlavorPlugin()), RpcInterfaces.standard())).start()) {
            List<DiscoveredPlugin> found = new PluginDiscovery(paths, registry.http(), null).list();
            assertThat(found).extracting(DiscoveredPlugin::name).containsExactly("dead", "sim", "van"); // no .pid files
            assertThat(found.get(0).state()).isEqualTo(DiscoveredPlugin.State.STALE);
            assertThat(found.get(1).state()).isEqualTo(DiscoveredPlugin.State.LIVE);
            assertThat(found.get(1).objects()).isEqualTo(Map.of("Instance/0.6.1", List.of("compute", "disk")));
            assertThat(found.get(2).objects()).isEqualTo(Map.of("Flavor/0.1.1", List.of(".")));
        }
    }

    @Test
    void discoveryOfAMissingFolderIsEmpty() {
        assertThat(new PluginDiscovery(InfrakitPaths.under(dir.resolve("none")), registry.http(), null).list()).isEmpty();
    }
}

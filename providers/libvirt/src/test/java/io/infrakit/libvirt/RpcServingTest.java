package io.infrakit.libvirt;

import io.infrakit.rpc.binding.InstanceExecRpc;
import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.rpc.server.RpcServer;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceExec;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginLookup;
import io.infrakit.spi.plugin.RunningPlugin;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The libvirt plugin as the daemon serves it: its kind on a socket, Instance/0.6.1 plus the Instance.Exec extension. */
class RpcServingTest {

    @Test
    void daemonsDiscoverTheExecExtension() {
        assertThat(RpcInterfaces.discover().all()).anyMatch(i -> i instanceof InstanceExecRpc);
    }

    @Test
    void servedOverASocketWithExecAdvertisedInTheHandshake() throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "ikl");
        InfrakitPaths paths = InfrakitPaths.under(root);
        PluginContext context = new PluginContext() {
            public Path home() { return root; }
            public Path pluginsDir() { return paths.pluginsDir(); }
            public PluginLookup plugins() { return null; }
            public Map<String, String> options() { return Map.of("uri", "test:///default"); }
        };
        RunningPlugin running;
        try {
            running = new LibvirtPluginKind().start(context);
        } catch (LinkageError | IllegalStateException e) {
            Engines.requireOrSkip(false, "libvirt0 (libvirt.so.0) is not installed: " + e.getMessage());
            return;
        }
        Dispatcher dispatcher = new Dispatcher(running, RpcInterfaces.discover());
        try (running; RpcServer server = new RpcServer(paths.socket("libvirt"), dispatcher).start();
             PluginRegistry registry = new PluginRegistry(paths, RpcInterfaces.standard().with(new InstanceExecRpc()), Duration.ofSeconds(30))) {
            assertThat(dispatcher.hello().objects()).containsKeys("Instance/0.6.1", "InstanceExec/0.1.0");

            InstancePlugin remote = registry.instance("libvirt");
            String id = remote.provision(new InstanceSpec(Specs.testDriverProperties(), Map.of(Tags.GROUP, "rpc"), "#!/bin/sh\n", null, null));
            try {
                assertThat(remote.describeInstances(Map.of(Tags.GROUP, "rpc"), false)).singleElement()
                        .satisfies(d -> assertThat(d.id()).isEqualTo(id));
                // libvirt's test driver has no guest agent: the failure comes back as the plugin's message.
                InstanceExec exec = registry.lookup("libvirt", InstanceExec.class);
                assertThatThrownBy(() -> exec.exec(id, List.of("/bin/true"), Duration.ofSeconds(5)))
                        .isInstanceOf(PluginException.class)
                        .hasMessageContaining("exec on " + id + ": the QEMU guest agent did not answer")
                        .hasMessageContaining("org.qemu.guest_agent.0");
            } finally {
                remote.destroy(id, DestroyContext.terminate());
            }
        } finally {
            try (var walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

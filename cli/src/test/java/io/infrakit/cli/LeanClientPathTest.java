package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.MemoryInstancePlugin;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.rpc.server.RpcServer;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client commands must start fast: a real {@code infrakit instance describe} process must not load
 * Jetty (server or client), nor scan for plugin kinds.
 */
class LeanClientPathTest {

    @Test
    void instanceDescribeLoadsNeitherJettyNorPluginKinds() throws Exception {
        CliRun cli = new CliRun();
        MemoryInstancePlugin compute = new MemoryInstancePlugin();
        String id = compute.provision(new InstanceSpec(null, Map.of("tier", "web"), "", null, null));
        Path classLog = cli.home.resolve("classes.txt");
        try (RpcServer server = new RpcServer(cli.plugins.resolve("sim"),
                new Dispatcher("sim", Map.of("compute", compute), RpcInterfaces.standard())).start()) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xlog:class+load=info:file=" + classLog,
                    "-cp", System.getProperty("java.class.path"),
                    "io.infrakit.cli.Main", "instance", "describe", "--plugin", "sim/compute"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("INFRAKIT_HOME", cli.home.toString());
            pb.environment().put("INFRAKIT_PLUGINS_DIR", cli.plugins.toString());
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains(id).contains("tier=web");
        } finally {
            String classes = Files.exists(classLog) ? Files.readString(classLog) : "";
            cli.delete();
            assertThat(classes).contains("io.infrakit.cli.instance.InstanceDescribeCommand");
            assertThat(classes).doesNotContain("org.eclipse.jetty.");
            assertThat(classes).doesNotContain("io.infrakit.rpc.host.PluginHost");
            assertThat(classes).doesNotContain("io.infrakit.spi.plugin.PluginKind ");
        }
    }

}

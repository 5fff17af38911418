package io.infrakit.cli;

import io.infrakit.cli.testing.TestProcesses;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.infrakit.etcd.EtcdCluster;
import io.infrakit.rpc.binding.GroupRpc;
import io.infrakit.rpc.binding.InstanceRpc;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.rpc.client.UnixHttpClient;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7's demonstration: three manager processes (each with its group controller and vanilla)
 * on a real 3-member etcd cluster, sharing one simulator instance plugin served by a fourth process
 * (its socket linked into each manager's plugins folder, as one cloud API is shared by all).
 */
class HaIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIZE = 20;
    private static final String GROUP = "workers";
    private static final int LEASE_TTL = 3;

    private final List<Process> processes = new ArrayList<>();
    private final UnixHttpClient http = new UnixHttpClient();
    private EtcdCluster etcd;
    private Path root;
    private Path[] homes;
    private Process[] managers;
    private Process simulator;

    @AfterEach
    void tearDown() throws IOException {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        http.close();
        if (etcd != null) {
            etcd.close();
        }
        TestProcesses.deleteTree(root);
    }

    private Process spawn(Path home, String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", "-Xmx256m",
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(root.resolve(name + ".log").toFile());
        pb.environment().put("INFRAKIT_HOME", home.toString());
        pb.environment().remove("INFRAKIT_PLUGINS_DIR");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private Process startManager(int i) throws IOException {
        return spawn(homes[i], "manager-" + i, "plugin", "start", "manager", "group", "vanilla",
                "--opt", "manager.backend=etcd",
                "--opt", "manager.etcd.endpoints=" + etcd.endpointList(),
                "--opt", "manager.etcd.lease-ttl=" + LEASE_TTL,
                "--opt", "manager.etcd.timeout=2",
                "--opt", "group.poll-interval=1s");
    }

    private GroupRpc.Client manager(int i) {
        Path socket = homes[i].resolve("plugins").resolve("group");
        return new GroupRpc.Client(new RpcClient(http, socket, "group", Duration.ofSeconds(20)), "group");
    }

    private List<InstanceDescription> instances() {
        Path socket = root.resolve("shared/plugins/simulator");
        InstanceRpc.Client sim = new InstanceRpc.Client(new RpcClient(http, socket, "simulator", Duration.ofSeconds(10)),
                "compute");
        return sim.describeInstances(Map.of(Tags.GROUP, GROUP), false);
    }

    /** Which manager etcd names as leader (by its socket path), if any. */
    private Optional<Integer> leader(Client client) {
        try {
            var r = client.getElectionClient().leader(ByteSequence.from("/infrakit/leader", StandardCharsets.UTF_8))
                    .get(2, TimeUnit.SECONDS);
            String where = r.getKv().getValue().toString(StandardCharsets.UTF_8);
            for (int i = 0; i < homes.length; i++) {
                if (where.startsWith(homes[i].toString())) {
                    return Optional.of(i);
                }
            }
        } catch (Exception e) {
            // no leader, or no quorum to ask
        }
        return Optional.empty();
    }

    private GroupSpec spec(int size) throws IOException {
        return new GroupSpec(GROUP, JSON.readTree("""
                {"Allocation": {"Size": %d},
                 "Instance": {"Plugin": "simulator/compute", "Properties": {"cpu": 1}},
                 "Flavor": {"Plugin": "vanilla", "Properties": {"Tags": {"ha": "yes"}}}}""".formatted(size)));
    }

    private void awaitExactly(int n, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .untilAsserted(() -> assertThat(instances()).hasSize(n));
    }

    /** No duplicates: every logical slot is filled once, and the count holds for a while. */
    private void assertStaysExactly(int n, Duration during) {
        long end = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < end) {
            List<InstanceDescription> now = instances();
            assertThat(now).hasSize(n);
            assertThat(new HashSet<>(now.stream().map(InstanceDescription::id).toList())).hasSize(n);
            EtcdCluster.sleep(Duration.ofMillis(300));
        }
    }

    @Test
    void threeManagersOnEtcdFailOverWithoutDuplicatesAndStopWithoutQuorum() throws Exception {
        EtcdCluster.assumeInstalled();
        org.junit.jupiter.api.Assumptions.assumeTrue(io.infrakit.rpc.host.PluginHost.installedKinds().containsKey("manager"),
                "the manager plugin kind is not built into this tree yet");
        etcd = EtcdCluster.start(3);
        root = Files.createTempDirectory(Path.of("/tmp"), "ha");
        Path shared = root.resolve("shared");
        simulator = spawn(shared, "simulator", "plugin", "start", "simulator");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(shared.resolve("plugins/simulator")) || !simulator.isAlive());
        assertThat(simulator.isAlive()).as(() -> log("simulator")).isTrue();

        homes = new Path[3];
        managers = new Process[3];
        for (int i = 0; i < 3; i++) {
            homes[i] = root.resolve("m" + i);
            Files.createDirectories(homes[i].resolve("plugins"));
            Files.createSymbolicLink(homes[i].resolve("plugins/simulator"), shared.resolve("plugins/simulator"));
            managers[i] = startManager(i);
        }
        for (int i = 0; i < 3; i++) {
            int m = i;
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(homes[m].resolve("plugins/group")) || !managers[m].isAlive());
            assertThat(managers[m].isAlive()).as(() -> log("manager-" + m)).isTrue();
        }

        try (Client watcher = Client.builder().endpoints(etcd.endpoints().toArray(java.net.URI[]::new)).build()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> leader(watcher).isPresent());
            int first = leader(watcher).orElseThrow();
            int follower = (first + 1) % 3;

            // Commit through a follower: it forwards to the leader, and the group converges.
            manager(follower).commitGroup(spec(SIZE), false);
            awaitExactly(SIZE, Duration.ofSeconds(60));
            assertStaysExactly(SIZE, Duration.ofSeconds(3));

            // kill -9 of the leader: another leads within 10 s; still exactly 20, no duplicates.
            long t0 = System.nanoTime();
            managers[first].destroyForcibly().waitFor();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .until(() -> leader(watcher).filter(l -> l != first).isPresent());
            long failoverMs = (System.nanoTime() - t0) / 1_000_000;
            int second = leader(watcher).orElseThrow();
            System.out.printf("HA: leader manager-%d killed; manager-%d leads after %d ms (lease TTL %d s)%n",
                    first, second, failoverMs, LEASE_TTL);
            assertThat(failoverMs).isLessThan(10_000);
            assertStaysExactly(SIZE, Duration.ofSeconds(2 * LEASE_TTL));

            // A commit sent to the remaining follower takes effect.
            int other = 3 - first - second;
            manager(other).commitGroup(spec(SIZE + 2), false);
            awaitExactly(SIZE + 2, Duration.ofSeconds(60));

            // One etcd member down: still works (shrink back through the follower).
            etcd.kill(0);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    manager(other).commitGroup(spec(SIZE), false));
            awaitExactly(SIZE, Duration.ofSeconds(60));

            // Two down: no quorum, no manager acts. An instance destroyed behind their backs stays gone.
            etcd.kill(1);
            EtcdCluster.sleep(Duration.ofSeconds(LEASE_TTL + 2));
            String victim = instances().get(0).id();
            new InstanceRpc.Client(new RpcClient(http, root.resolve("shared/plugins/simulator"), "simulator",
                    Duration.ofSeconds(10)), "compute").destroy(victim, io.infrakit.spi.instance.DestroyContext.terminate());
            assertStaysExactly(SIZE - 1, Duration.ofSeconds(3 * LEASE_TTL));
            System.out.printf("HA: without quorum nobody replaced %s for %d s%n", victim, 3 * LEASE_TTL);

            // Quorum back: a leader again, and it heals the group to exactly 20.
            long t1 = System.nanoTime();
            etcd.restart(0);
            etcd.restart(1);
            awaitExactly(SIZE, Duration.ofSeconds(60));
            System.out.printf("HA: quorum back; group healed to %d after %d ms%n", SIZE, (System.nanoTime() - t1) / 1_000_000);
            assertStaysExactly(SIZE, Duration.ofSeconds(3));
        }
    }

    private String log(String name) {
        try {
            return Files.readString(root.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}

package io.infrakit.controllers.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.infrakit.controllers.TestPlugins;
import io.infrakit.core.event.Event;
import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.docker.DockerInstancePlugin;
import io.infrakit.docker.DockerSettings;
import io.infrakit.haproxy.HaproxyL4;
import io.infrakit.haproxy.HaproxySettings;
import io.infrakit.spi.Tags;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.controller.Operation;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.vanilla.VanillaFlavor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingress controller end to end: a group of 3 Docker containers running busybox httpd, behind a
 * real HAProxy, reached with curl. Needs Docker (with .ci/engines/docker.sh's test image) and haproxy.
 */
class IngressHaproxyDockerTest {

    private static final String IMAGE_1 = "infrakit-test/busybox:1";
    private static final String IMAGE_2 = "infrakit-test/busybox:2";
    private static final String TEST_LABEL = "infrakit.test";
    private final ObjectMapper json = new ObjectMapper();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String group = "web-" + run;
    @TempDir
    Path dir;
    private DockerClient docker;
    private DockerInstancePlugin instances;
    private GroupControllerPlugin groups;
    private HaproxyL4 lb;
    private IngressController ingress;
    private final EventBus events = new EventBus();
    private int port;

    static boolean required() {
        return "1".equals(System.getProperty("infrakit.requireEngines")) || "1".equals(System.getenv("INFRAKIT_REQUIRE_ENGINES"));
    }

    static void skipOrFail(String problem) {
        if (required()) {
            Assertions.fail("INFRAKIT_REQUIRE_ENGINES=1 but " + problem);
        }
        System.err.println("IngressHaproxyDockerTest skipped: " + problem);
        Assumptions.abort("skipped: " + problem);
    }

    @BeforeEach
    void start() throws Exception {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(DockerSettings.defaults().host()).build();
        docker = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(5)).build());
        try {
            docker.pingCmd().exec();
            docker.inspectImageCmd(IMAGE_1).exec();
            docker.inspectImageCmd(IMAGE_2).exec();
        } catch (NotFoundException e) {
            skipOrFail("the test images are missing; build them with: sudo bash .ci/engines/docker.sh");
        } catch (RuntimeException e) {
            skipOrFail("no Docker engine (" + e.getMessage() + "); start one with: sudo bash .ci/engines/docker.sh");
        }
        try {
            if (new ProcessBuilder("haproxy", "-v").start().waitFor() != 0) {
                skipOrFail("haproxy -v failed; install it with: sudo bash .ci/engines/haproxy.sh");
            }
        } catch (IOException e) {
            skipOrFail("no haproxy; install it with: sudo bash .ci/engines/haproxy.sh");
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        instances = new DockerInstancePlugin(DockerSettings.defaults().withStopTimeout(Duration.ofSeconds(2)));
        lb = new HaproxyL4("lb", HaproxySettings.in(dir.resolve("lb")).withBind("127.0.0.1"));
        TestPlugins plugins = new TestPlugins().put("docker", instances).put("vanilla", new VanillaFlavor()).put("haproxy/lb", lb);
        groups = new GroupControllerPlugin(plugins, events, Clock.systemUTC(),
                new GroupControllerPlugin.Options(Duration.ofSeconds(2), 8, true));
        plugins.put("group", groups).put("group-stateless", groups);
        ingress = new IngressController(plugins, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        if (ingress != null) {
            ingress.close();
        }
        if (groups != null) {
            try {
                groups.destroyGroup(group);
            } catch (RuntimeException ignored) {
                // not committed
            }
            groups.close();
        }
        if (instances != null) {
            instances.close();
        }
        if (lb != null) {
            lb.stopHaproxy();
        }
        if (docker != null) {
            for (var c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(TEST_LABEL, run)).exec()) {
                try {
                    docker.removeContainerCmd(c.getId()).withForce(true).exec();
                } catch (RuntimeException ignored) {
                    // gone
                }
            }
            docker.close();
        }
    }

    private GroupSpec groupSpec(String image) throws Exception {
        String text = """
                {"Allocation": {"Size": 3},
                 "Instance": {"Plugin": "docker", "Properties": {
                    "Config": {"Image": "%s",
                               "Cmd": ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www"]},
                    "HostConfig": {"Memory": 67108864, "RestartPolicy": {"Name": "no"}},
                    "Tags": {"%s": "%s"}}},
                 "Flavor": {"Plugin": "vanilla", "Properties": {}}}
                """.formatted(image, TEST_LABEL, run);
        return new GroupSpec(group, json.readTree(text));
    }

    private ControllerSpec ingressSpec() throws Exception {
        String text = """
                {"kind": "ingress", "metadata": {"name": "web"},
                 "properties": [{"L4Plugin": "haproxy/lb",
                   "Routes": [{"LoadBalancerPort": %d, "LoadBalancerProtocol": "http", "Port": 80, "Protocol": "http"}],
                   "Backends": {"Groups": ["group/%s"]},
                   "HealthChecks": [{"BackendPort": 80, "Healthy": 1, "Unhealthy": 2, "Interval": "500ms"}]}],
                 "options": {"SyncInterval": "5s", "DrainTimeout": "10s"}}
                """.formatted(port, group);
        return json.readValue(text, ControllerSpec.class);
    }

    private Set<String> memberIds() {
        return instances.describeInstances(Map.of(Tags.GROUP, group), false).stream().map(InstanceDescription::id)
                .collect(Collectors.toSet());
    }

    private Map<String, String> addresses() {
        return instances.describeInstances(Map.of(Tags.GROUP, group), true).stream().collect(Collectors.toMap(
                InstanceDescription::id, d -> d.properties().path("IPAddresses").path("bridge").asText("")));
    }

    /** Runs curl once per URL of a glob ({@code ?[1-N]}); returns the bodies or status codes, one per line. */
    private List<String> curl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-s", "--max-time", "5"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().toList();
    }

    private Set<String> reachedHostnames(int requests) throws Exception {
        return new HashSet<>(curl("http://127.0.0.1:" + port + "/?[1-" + requests + "]"));
    }

    private static Set<String> shortIds(Set<String> ids) {
        return ids.stream().map(id -> id.substring(0, 12)).collect(Collectors.toSet());
    }

    @Test
    void membersAreBackendsThroughAKillAndARollingUpdateWithoutALostRequest() throws Exception {
        groups.commitGroup(groupSpec(IMAGE_1), false);
        await().atMost(Duration.ofSeconds(60)).until(() -> memberIds().size() == 3
                && addresses().values().stream().noneMatch(String::isEmpty));
        ingress.commit(Operation.ENFORCE, ingressSpec());

        // The three members are the route's backends, and curl through HAProxy reaches each of them.
        await().atMost(Duration.ofSeconds(10)).until(() -> new HashSet<>(lb.backends()).equals(new HashSet<>(addresses().values())));
        await().atMost(Duration.ofSeconds(10)).until(() -> reachedHostnames(30).equals(shortIds(memberIds())));

        // docker kill: out of the balancer within 1 s of the group's LOST event; the replacement comes in.
        String victim = memberIds().iterator().next();
        String victimAddress = addresses().get(victim);
        Map<String, Long> seen = new ConcurrentHashMap<>();
        AutoCloseable sub = events.subscribe(e -> {
            if (e.instance() != null) {
                seen.putIfAbsent(e.type() + " " + e.instance(), System.nanoTime());
            }
        });
        docker.killContainerCmd(victim).exec();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> !lb.backends().contains(victimAddress));
        long removedAt = System.nanoTime();
        Long lostAt = seen.get(EventType.LOST + " " + victim);
        assertThat(lostAt).as("the group controller published LOST for the killed member").isNotNull();
        double ms = (removedAt - lostAt) / 1e6;
        System.out.printf("INGRESS: LOST event -> backend removed from HAProxy: %.0f ms%n", ms);
        assertThat(ms).isLessThan(1000);
        await().atMost(Duration.ofSeconds(30)).until(() -> memberIds().size() == 3 && !memberIds().contains(victim)
                && addresses().values().stream().noneMatch(String::isEmpty)
                && new HashSet<>(lb.backends()).equals(new HashSet<>(addresses().values())));
        await().atMost(Duration.ofSeconds(10)).until(() -> reachedHostnames(30).equals(shortIds(memberIds())));
        sub.close();

        // Rolling update under a steady curl loop of 1,000 requests: none lost, because members leave HAProxy first.
        Set<String> before = memberIds();
        var loop = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "--max-time", "5", "--rate", "40/s",
                "-w", "%{http_code}\n", "http://127.0.0.1:" + port + "/?[1-1000]").redirectErrorStream(true).start();
        Thread.sleep(500);
        long t0 = System.nanoTime();
        groups.commitGroup(groupSpec(IMAGE_2), false);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Set<String> now = memberIds();
            return now.size() == 3 && now.stream().noneMatch(before::contains)
                    && events.history().stream().anyMatch(e -> e.type() == EventType.UPDATE_COMPLETED && group.equals(e.group()))
                    && new HashSet<>(lb.backends()).equals(new HashSet<>(addresses().values()));
        });
        double updateSeconds = (System.nanoTime() - t0) / 1e9;
        boolean curlStillRunning = loop.isAlive();
        List<String> codes = new String(loop.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        loop.waitFor();
        long errors = codes.stream().filter(c -> !c.equals("200")).count();
        System.out.printf("INGRESS: rolling update of 3 members took %.1f s under %d curl requests, %d errors%n",
                updateSeconds, codes.size(), errors);
        assertThat(curlStillRunning).as("the curl loop lasted the whole rolling update").isTrue();
        assertThat(codes).hasSize(1000);
        assertThat(errors).isZero();
        assertThat(events.history()).anyMatch(e -> e.type() == EventType.DRAINING && group.equals(e.group()));
        assertThat(reachedHostnames(30)).isEqualTo(shortIds(memberIds()));
    }
}

package io.infrakit.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.rpc.server.RpcServer;
import io.infrakit.rpc.testing.TempDirs;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.loadbalancer.HealthCheck;
import io.infrakit.spi.loadbalancer.L4;
import io.infrakit.spi.loadbalancer.L4Drain;
import io.infrakit.spi.loadbalancer.Protocol;
import io.infrakit.spi.loadbalancer.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** L4/0.6.1 on the wire: InfraKit's method names and JSON shapes, both ways. */
class L4RpcTest {

    static final ObjectMapper JSON = WireJson.mapper();

    /** A balancer in memory that records what it was given. */
    static class MemoryL4 implements L4 {
        final Map<Integer, Route> routes = new TreeMap<>();
        final Set<String> backends = new LinkedHashSet<>();
        final List<HealthCheck> checks = new ArrayList<>();

        @Override
        public String name() {
            return "lb1";
        }

        @Override
        public List<Route> routes() {
            return List.copyOf(routes.values());
        }

        @Override
        public String publish(Route route) {
            routes.put(route.loadBalancerPort(), route);
            return "published " + route.loadBalancerPort();
        }

        @Override
        public String unpublish(int port) {
            routes.remove(port);
            return "unpublished " + port;
        }

        @Override
        public String configureHealthCheck(HealthCheck hc) {
            checks.add(hc);
            return "checked";
        }

        @Override
        public String registerBackends(List<String> ids) {
            backends.addAll(ids);
            return "registered " + ids.size();
        }

        @Override
        public String deregisterBackends(List<String> ids) {
            ids.forEach(backends::remove);
            return "deregistered " + ids.size();
        }

        @Override
        public List<String> backends() {
            return List.copyOf(backends);
        }
    }

    static final class DrainingL4 extends MemoryL4 implements L4Drain {
        final List<String> drained = new ArrayList<>();
        Duration waited;

        @Override
        public String drainBackends(List<String> ids, Duration wait) {
            drained.addAll(ids);
            waited = wait;
            return "drained " + ids.size();
        }
    }

    private RpcServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode call(Dispatcher d, String method, String params) throws Exception {
        byte[] answer = d.handle(("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":7}")
                .getBytes(StandardCharsets.UTF_8));
        return JSON.readTree(answer);
    }

    @Test
    void infrakitShapedRequestsReachTheBalancer() throws Exception {
        MemoryL4 lb = new MemoryL4();
        Dispatcher d = new Dispatcher("simulator", Map.of("lb1", lb), RpcInterfaces.standard());
        assertThat(JSON.valueToTree(d.hello()).path("Objects").path("L4/0.6.1").toString()).contains("\"Name\":\"lb1\"");

        // As InfraKit's Go client sends them (pkg/rpc/loadbalancer): Route with Go's field names,
        // ConfigureHealthCheck with the check's fields inline and Go durations in nanoseconds.
        JsonNode r = call(d, "L4.Publish", "{\"Type\":\"lb1\",\"Route\":{\"Port\":8080,\"Protocol\":\"http\","
                + "\"LoadBalancerPort\":80,\"LoadBalancerProtocol\":\"HTTPS\",\"Certificate\":\"cert-1\",\"HealthMonitorPath\":null}}");
        assertThat(r.path("result").toString()).isEqualTo("{\"Type\":\"lb1\",\"Result\":\"published 80\"}");
        assertThat(lb.routes.get(80)).isEqualTo(new Route(8080, Protocol.HTTP, 80, Protocol.HTTPS, "cert-1", null));

        r = call(d, "L4.ConfigureHealthCheck", "{\"Type\":\"lb1\",\"BackendPort\":8080,\"Healthy\":2,\"Unhealthy\":3,"
                + "\"Interval\":5000000000,\"Timeout\":1000000000}");
        assertThat(r.path("result").path("Result").asText()).isEqualTo("checked");
        assertThat(lb.checks).containsExactly(HealthCheck.of(8080, 2, 3, Duration.ofSeconds(5), Duration.ofSeconds(1)));

        call(d, "L4.RegisterBackends", "{\"Type\":\"lb1\",\"IDs\":[\"i-1\",\"i-2\"]}");
        call(d, "L4.DeregisterBackends", "{\"Type\":\"lb1\",\"IDs\":[\"i-1\"]}");
        assertThat(call(d, "L4.Backends", "{\"Type\":\"lb1\"}").path("result").toString()).isEqualTo("{\"Type\":\"lb1\",\"IDs\":[\"i-2\"]}");
        assertThat(call(d, "L4.Name", "{\"Type\":\"lb1\"}").path("result").toString()).isEqualTo("{\"Type\":\"lb1\",\"Name\":\"lb1\"}");
        assertThat(call(d, "L4.Routes", "{\"Type\":\"lb1\"}").path("result").path("Routes").get(0).toString())
                .isEqualTo("{\"Port\":8080,\"Protocol\":\"HTTP\",\"LoadBalancerPort\":80,\"LoadBalancerProtocol\":\"HTTPS\","
                        + "\"Certificate\":\"cert-1\",\"HealthMonitorPath\":null}");
        assertThat(call(d, "L4.Unpublish", "{\"Type\":\"lb1\",\"ExtPort\":80}").path("result").path("Result").asText())
                .isEqualTo("unpublished 80");

        // A balancer without drain says so; a bad protocol is a params error naming it.
        assertThat(call(d, "L4.DrainBackends", "{\"Type\":\"lb1\",\"IDs\":[\"i-2\"],\"Wait\":0}").path("error").path("message").asText())
                .contains("cannot drain");
        assertThat(call(d, "L4.Publish", "{\"Type\":\"lb1\",\"Route\":{\"Port\":1,\"LoadBalancerPort\":2,\"Protocol\":\"smoke\"}}")
                .path("error").path("message").asText()).contains("smoke");
    }

    @Test
    void theClientProxyDrivesAServedBalancerOverItsSocket() throws Exception {
        Path dir = TempDirs.create();
        DrainingL4 lb = new DrainingL4();
        server = new RpcServer(dir.resolve("plugins").resolve("haproxy"),
                new Dispatcher("haproxy", Map.of("lb", lb), RpcInterfaces.standard())).start();
        try (PluginRegistry registry = new PluginRegistry(InfrakitPaths.under(dir), RpcInterfaces.standard(), Duration.ofSeconds(10))) {
            L4 client = registry.lookup("haproxy/lb", L4.class);
            assertThat(client.name()).isEqualTo("lb1");
            assertThat(client.publish(Route.tcp(8080, 80))).isEqualTo("published 8080");
            assertThat(client.routes()).containsExactly(Route.tcp(8080, 80));
            assertThat(client.registerBackends(List.of("10.0.0.1", "10.0.0.2"))).isEqualTo("registered 2");
            assertThat(client.backends()).containsExactly("10.0.0.1", "10.0.0.2");
            assertThat(((L4Drain) client).drainBackends(List.of("10.0.0.1"), Duration.ofSeconds(3))).isEqualTo("drained 1");
            assertThat(lb.drained).containsExactly("10.0.0.1");
            assertThat(lb.waited).isEqualTo(Duration.ofSeconds(3));
            assertThat(client.configureHealthCheck(HealthCheck.of(80, 1, 2, Duration.ofMillis(500), Duration.ofMillis(200))))
                    .isEqualTo("checked");
            assertThat(lb.checks.getFirst().interval()).isEqualTo(Duration.ofMillis(500));
            assertThat(client.unpublish(8080)).isEqualTo("unpublished 8080");
            assertThatThrownBy(() -> registry.lookup("haproxy/other", L4.class).name()).isInstanceOf(PluginException.class);
        }
    }
}

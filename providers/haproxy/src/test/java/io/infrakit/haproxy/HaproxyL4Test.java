package io.infrakit.haproxy;

import com.sun.net.httpserver.HttpServer;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.loadbalancer.HealthCheck;
import io.infrakit.spi.loadbalancer.Protocol;
import io.infrakit.spi.loadbalancer.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link HaproxyL4} on a real HAProxy, with JDK HTTP servers on loopback ports as backends. */
class HaproxyL4Test {

    @TempDir
    Path dir;
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<HaproxyL4> balancers = new ArrayList<>();
    private CountDownLatch slowRelease = new CountDownLatch(1);

    @BeforeEach
    void engine() {
        HaproxyEngine.assumeAvailable();
    }

    @AfterEach
    void stop() throws Exception {
        slowRelease.countDown();
        for (HaproxyL4 b : balancers) {
            b.stopHaproxy();
        }
        servers.forEach(s -> s.stop(0));
    }

    /** A backend answering its own name on / and, on /slow, only once the test lets it. */
    private String backend(String name) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.createContext("/", ex -> {
            if (ex.getRequestURI().getPath().equals("/slow")) {
                try {
                    slowRelease.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        s.start();
        servers.add(s);
        return "127.0.0.1:" + s.getAddress().getPort();
    }

    private HaproxyL4 balancer(String name) throws Exception {
        HaproxyL4 b = new HaproxyL4(name, HaproxySettings.in(dir.resolve(name)).withBind("127.0.0.1"));
        balancers.add(b);
        return b;
    }

    /** One request on its own connection (HTTP/1.0: closed after the answer), the body returned. */
    static String get(int port, String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200");
            return answer.substring(answer.indexOf("\r\n\r\n") + 4);
        }
    }

    private Set<String> reached(int port, int requests) throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            seen.add(get(port, "/"));
        }
        return seen;
    }

    @Test
    void routesAndBackendsChangeLiveAndComeBackAfterARestart() throws Exception {
        String a = backend("a");
        String b = backend("b");
        String c = backend("c");
        int port = HaproxyEngine.freePort();
        int metrics = HaproxyEngine.freePort();
        HaproxyL4 lb = new HaproxyL4("web", HaproxySettings.in(dir.resolve("web")).withBind("127.0.0.1").withMetrics(metrics));
        balancers.add(lb);

        assertThat(lb.publish(new Route(80, Protocol.HTTP, port, Protocol.HTTP, null, null)))
                .contains("published :" + port);
        lb.registerBackends(List.of(a, b, c));
        assertThat(lb.backends()).containsExactly(a, b, c);
        assertThat(reached(port, 9)).containsExactlyInAnyOrder("a", "b", "c");
        // HAProxy's own Prometheus exporter counts the route's requests (what an autoscaler queries).
        assertThat(get(metrics, "/metrics")).contains("haproxy_backend_http_requests_total{proxy=\"be_" + port + "\"} 9");

        long worker = new HaproxyProcess("haproxy", dir.resolve("web"), new RuntimeApi(dir.resolve("web/admin.sock"),
                Duration.ofSeconds(2))).workerPid();
        lb.deregisterBackends(List.of(b));
        assertThat(reached(port, 9)).containsExactlyInAnyOrder("a", "c");
        assertThat(lb.serverStates()).containsOnlyKeys("be_" + port + "/" + a, "be_" + port + "/" + c);
        // Backends changed through the Runtime API only: still the same worker process.
        assertThat(new HaproxyProcess("haproxy", dir.resolve("web"), new RuntimeApi(dir.resolve("web/admin.sock"),
                Duration.ofSeconds(2))).workerPid()).isEqualTo(worker);
        assertThat(Files.readString(lb.configFile())).contains("server " + a + " ").doesNotContain("server " + b + " ");

        // Restart safety: HAProxy stopped, a new plugin on the same folder serves the same pool.
        lb.stopHaproxy();
        balancers.remove(lb);
        HaproxyL4 again = balancer("web");
        assertThat(again.routes()).extracting(Route::loadBalancerPort).containsExactly(port);
        assertThat(again.backends()).containsExactly(a, c);
        assertThat(reached(port, 6)).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void aDrainedBackendFinishesItsConnectionAndTakesNoNewOne() throws Exception {
        String a = backend("a");
        String b = backend("b");
        int port = HaproxyEngine.freePort();
        HaproxyL4 lb = balancer("drain");
        lb.publish(Route.tcp(port, 80));
        lb.registerBackends(List.of(a));
        // An open request on a, still running while a is drained.
        var slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return get(port, "/slow");
            } catch (IOException e) {
                return e.toString();
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
        Thread.sleep(300);
        lb.registerBackends(List.of(b));
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException ignored) {
                // test over
            }
            slowRelease.countDown();
        });
        long t0 = System.nanoTime();
        String result = lb.drainBackends(List.of(a), Duration.ofSeconds(5));
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertThat(result).contains("no connection open");
        assertThat(waited).as("drain waited for the open request").isGreaterThanOrEqualTo(300);
        assertThat(slow.get()).isEqualTo("a");
        assertThat(reached(port, 6)).containsExactly("b");
        assertThat(lb.serverStates().get("be_" + port + "/" + a)).startsWith("DRAIN");
        // Registering a drained backend again puts it back in traffic.
        assertThat(lb.registerBackends(List.of(a))).contains("re-enabled 1");
        assertThat(reached(port, 6)).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void publishingASecondRouteKeepsOpenConnectionsOfTheFirst() throws Exception {
        String a = backend("a");
        int p1 = HaproxyEngine.freePort();
        int p2 = HaproxyEngine.freePort();
        HaproxyL4 lb = balancer("reload");
        lb.publish(Route.tcp(p1, 80));
        lb.registerBackends(List.of(a));
        // A raw TCP connection through p1, a request sent but its answer held back by the backend.
        try (Socket s = new Socket("127.0.0.1", p1)) {
            s.getOutputStream().write("GET /slow HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            Thread.sleep(200);
            lb.publish(Route.tcp(p2, 80));   // a graceful reload
            assertThat(get(p2, "/")).isEqualTo("a");
            slowRelease.countDown();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200").endsWith("a");
        }
        assertThat(lb.routes()).extracting(Route::loadBalancerPort).containsExactlyInAnyOrder(p1, p2);
        assertThat(lb.unpublish(p2)).contains("unpublished");
        assertThat(lb.unpublish(p2)).contains("nothing to unpublish");
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() throws Exception {
        int port = HaproxyEngine.freePort();
        HaproxyL4 lb = balancer("bad");
        String before = Files.readString(lb.configFile());
        assertThatThrownBy(() -> lb.publish(new Route(80, Protocol.TCP, 70000, Protocol.TCP, null, null)))
                .isInstanceOf(PluginException.class).hasMessageContaining("LoadBalancerPort 70000");
        assertThatThrownBy(() -> lb.publish(new Route(80, Protocol.HTTP, port, Protocol.HTTP, null, "/x\n  bind :1")))
                .hasMessageContaining("HealthMonitorPath");
        assertThatThrownBy(() -> lb.registerBackends(List.of("10.0.0.1", "not an address")))
                .hasMessageContaining("'not an address'");
        assertThatThrownBy(() -> lb.configureHealthCheck(new HealthCheck(0, 1, 1, 1, 1)))
                .hasMessageContaining("BackendPort 0");
        assertThat(lb.backends()).isEmpty();
        assertThat(lb.routes()).isEmpty();
        assertThat(Files.readString(lb.configFile())).isEqualTo(before);
    }

    @Test
    void aHealthCheckTakesADeadBackendOutOfTraffic() throws Exception {
        String a = backend("a");
        int deadPort = HaproxyEngine.freePort();
        int port = HaproxyEngine.freePort();
        HaproxyL4 lb = balancer("health");
        lb.publish(Route.tcp(port, 80));
        lb.configureHealthCheck(HealthCheck.of(80, 1, 1, Duration.ofMillis(200), Duration.ofMillis(200)));
        lb.registerBackends(List.of(a, "127.0.0.1:" + deadPort));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(
                () -> "DOWN".equals(lb.serverStates().get("be_" + port + "/127.0.0.1:" + deadPort)));
        assertThat(reached(port, 6)).containsExactly("a");
        assertThat(lb.serverStates().get("be_" + port + "/" + a)).startsWith("UP");
    }
}

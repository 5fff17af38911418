package io.infrakit.core.group;

import com.sun.net.httpserver.HttpServer;
import io.infrakit.core.event.EventType;
import io.infrakit.spi.group.GroupStatus;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Policy.HealthCheck against a real HTTP server on loopback, on the harness's hand-moved clock. */
class HealthChecksTest {

    /** A group whose members all report the address 127.0.0.1 in their properties (the fake returns Instance.Properties). */
    static io.infrakit.spi.group.GroupSpec group(int size, int port, String check) {
        return Harness.spec("""
                {"ID":"web","Properties":{"Allocation":{"Size":%d},
                 "Instance":{"Plugin":"sim/compute","Properties":{"IP":"127.0.0.1"}},
                 "Flavor":{"Plugin":"vanilla","Properties":{}},
                 "Policy":{"UnhealthyGrace":"0s","MaxUnhealthy":"100%%","HealthCheck":%s}}}"""
                .formatted(size, check.replace("PORT", Integer.toString(port))));
    }

    @Test
    void anHttpCheckJudgesMembersBesideTheFlavorAndSpreadsOverTheInterval() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/healthz", ex -> {
            hits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        try (Harness h = new Harness()) {
            h.commit(group(40, port, "{\"Http\":{\"Port\":PORT,\"Path\":\"/healthz\"},\"Interval\":\"10s\",\"Timeout\":\"1s\","
                    + "\"UnhealthyThreshold\":2}"));
            h.tick(2);
            // Before its first check a member is not healthy, whatever the flavor says.
            assertThat(h.plugin.describeGroup("web").status().healthy()).isLessThan(40);
            List<Integer> perSecond = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int before = hits.get();
                h.tick(1);
                perSecond.add(hits.get() - before);
            }
            // 40 members checked every 10 s: about 4 a second, never all at once.
            assertThat(perSecond.stream().mapToInt(Integer::intValue).sum()).isBetween(70, 90);
            assertThat(perSecond).allSatisfy(n -> assertThat(n).isLessThan(20));
            assertThat(h.plugin.describeGroup("web").status().healthy()).isEqualTo(40);

            // The server stops: within Interval x UnhealthyThreshold every member is unhealthy and replaced.
            server.stop(0);
            int destroyedBefore = h.instances.destroys.get();
            h.tick(21);
            assertThat(h.events(EventType.UNHEALTHY)).hasSizeGreaterThanOrEqualTo(40);
            assertThat(h.instances.destroys.get() - destroyedBefore).isPositive();
            GroupStatus st = h.plugin.describeGroup("web").status();
            assertThat(st.healthy()).isZero();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void offsetsSpreadMembersOverTheInterval() {
        Duration interval = Duration.ofSeconds(10);
        int[] buckets = new int[10];
        for (int i = 0; i < 1000; i++) {
            buckets[(int) (HealthChecks.offset("i-" + i, interval).toMillis() / 1000)]++;
        }
        for (int b : buckets) {
            assertThat(b).isBetween(50, 150);
        }
        assertThat(HealthChecks.offset("i-7", interval)).isEqualTo(HealthChecks.offset("i-7", interval));
    }

    @Test
    void theAddressIsFoundWhereProvidersPutIt() throws Exception {
        var json = Harness.JSON;
        assertThat(HealthChecks.address(json.readTree("{\"IPAddresses\":{\"bridge\":\"172.17.0.5\"}}"), null)).isEqualTo("172.17.0.5");
        assertThat(HealthChecks.address(json.readTree("{\"IP\":\"10.0.0.3\"}"), null)).isEqualTo("10.0.0.3");
        assertThat(HealthChecks.address(json.readTree("{\"nic\":[{\"addr\":\"192.168.1.9\"}]}"), "nic")).isEqualTo("192.168.1.9");
        assertThat(HealthChecks.address(json.readTree("{\"Name\":\"x\"}"), null)).isNull();
    }
}

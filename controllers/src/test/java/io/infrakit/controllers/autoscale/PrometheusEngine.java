package io.infrakit.controllers.autoscale;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Prometheus and a pushgateway of the test's own (Debian's packages, installed by
 * .ci/engines/pushgateway.sh), on free loopback ports, Prometheus scraping the pushgateway every
 * second. Tests skip without them and fail when engines are required.
 */
final class PrometheusEngine implements AutoCloseable {

    private final Path dir;
    final int pushPort;
    final int promPort;
    private Process pushgateway;
    private Process prometheus;
    private final HttpClient http = HttpClient.newHttpClient();

    PrometheusEngine(Path dir) throws IOException {
        this.dir = dir;
        this.pushPort = freePort();
        this.promPort = freePort();
    }

    static void assumeAvailable() {
        for (String binary : new String[]{"prometheus", "prometheus-pushgateway"}) {
            boolean ok;
            try {
                ok = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start().waitFor() == 0;
            } catch (IOException e) {
                ok = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ok = false;
            }
            if (!ok) {
                String problem = "no " + binary + "; install it with: sudo bash .ci/engines/pushgateway.sh";
                if ("1".equals(System.getenv("INFRAKIT_REQUIRE_ENGINES")) || "1".equals(System.getProperty("infrakit.requireEngines"))) {
                    Assertions.fail("INFRAKIT_REQUIRE_ENGINES=1 but " + problem);
                }
                System.err.println("Autoscale tests skipped: " + problem);
                Assumptions.abort("skipped: " + problem);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    URI prometheusUri() {
        return URI.create("http://127.0.0.1:" + promPort);
    }

    void startPushgateway() throws Exception {
        pushgateway = new ProcessBuilder("prometheus-pushgateway", "--web.listen-address=127.0.0.1:" + pushPort,
                "--persistence.file=").redirectErrorStream(true).redirectOutput(dir.resolve("pushgateway.log").toFile()).start();
        awaitHttp("http://127.0.0.1:" + pushPort + "/-/ready");
    }

    void startPrometheus() throws Exception {
        Path cfg = dir.resolve("prometheus.yml");
        Files.writeString(cfg, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: pushgateway
                    honor_labels: true
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(pushPort));
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + cfg, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + promPort, "--web.enable-lifecycle")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prometheus.log").toFile())).start();
        awaitHttp("http://127.0.0.1:" + promPort + "/-/ready");
    }

    void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
            prometheus = null;
        }
    }

    /** Sets gauge {@code name} to {@code value} in the pushgateway (job "demand"). */
    void push(String name, double value) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pushPort + "/metrics/job/demand"))
                .PUT(HttpRequest.BodyPublishers.ofString("# TYPE " + name + " gauge\n" + name + " " + value + "\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("pushgateway answered " + r.statusCode() + ": " + r.body());
        }
    }

    private void awaitHttp(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IOException(url + " did not answer within 20 s; see the logs in " + dir);
    }

    @Override
    public void close() throws Exception {
        stopPrometheus();
        if (pushgateway != null) {
            pushgateway.destroy();
            pushgateway.waitFor();
        }
    }
}

package io.infrakit.bench;

import io.infrakit.rpc.client.SimpleUnixHttp;
import io.infrakit.rpc.client.UnixHttp;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.spi.group.GroupPlugin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Issue 20: a daemon ({@code bin/infrakit plugin start group simulator vanilla}) manages 100 groups of
 * 100 simulated instances (10,000); once they converged we time {@code GET /metrics} on its socket,
 * as Prometheus would scrape it, and check that every group shows 100 healthy members. That a scrape
 * calls no plugin is shown by core's ScrapeCallCountTest, with counting fakes.
 */
public final class MetricsScenario implements Scenario {

    static final int GROUPS = 100;
    static final int SIZE = 100;

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public String description() {
        return "GET /metrics of a daemon with 100 groups of 100 instances (10,000): scrape time";
    }

    @Override
    public Result run(BenchConfig config) throws Exception {
        int scrapes = config.quick() ? 50 : 200;
        Result r = new Result(name());
        r.put("groups", GROUPS);
        r.put("instances", GROUPS * SIZE);
        r.put("scrapes", scrapes);
        try (Daemon d = Daemon.start(config, List.of("plugin", "start", "group", "simulator", "vanilla"),
                List.of("group-stateless", "simulator", "vanilla"));
             PluginRegistry registry = new PluginRegistry(d.paths())) {
            GroupPlugin group = registry.group("group-stateless");
            for (int g = 0; g < GROUPS; g++) {
                group.commitGroup(Specs.group("m" + g, SIZE), false);
            }
            for (int g = 0; g < GROUPS; g++) {
                SteadyStateScenario.awaitConverged(group, "m" + g, SIZE, 300);
            }
            Path socket = d.paths().socket("group-stateless");
            SimpleUnixHttp http = new SimpleUnixHttp();
            Pattern healthy = Pattern.compile("^infrakit_group_instances\\{group=\"m\\d+\",state=\"healthy\"} " + SIZE + "\\.0$",
                    Pattern.MULTILINE);
            // Health verdicts arrive one poll after the members: wait until every group shows them.
            String text = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                text = scrape(http, socket);
                if (healthy.matcher(text).results().count() == GROUPS) {
                    break;
                }
                Thread.sleep(500);
            }
            long seen = healthy.matcher(text).results().count();
            if (seen != GROUPS) {
                throw new IllegalStateException("metrics: " + seen + " of " + GROUPS + " groups show " + SIZE + " healthy members");
            }
            for (int i = 0; i < 10; i++) {
                scrape(http, socket); // warm-up
            }
            double[] ms = new double[scrapes];
            for (int i = 0; i < scrapes; i++) {
                long t0 = System.nanoTime();
                text = scrape(http, socket);
                ms[i] = Stats.nanosToMs(System.nanoTime() - t0);
            }
            r.put("scrape_ms", Stats.summaryMs(ms));
            r.put("bytes", text.getBytes(StandardCharsets.UTF_8).length);
            double p50 = Stats.percentile(ms, 50);
            double p99 = Stats.percentile(ms, 99);
            r.row("GET /metrics, 100 groups / 10,000 instances (over the unix socket, median)", Stats.ms(p50), "< 50 ms",
                    p50 < 50);
            r.row("GET /metrics, p99 of " + scrapes, Stats.ms(p99));
        }
        return r;
    }

    private static String scrape(SimpleUnixHttp http, Path socket) throws Exception {
        UnixHttp.Answer a = http.get(socket, "/metrics", Duration.ofSeconds(10));
        if (a.status() != 200) {
            throw new IllegalStateException("metrics: GET /metrics answered HTTP " + a.status());
        }
        return new String(a.body(), StandardCharsets.UTF_8);
    }
}

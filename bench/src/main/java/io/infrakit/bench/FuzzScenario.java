package io.infrakit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.rpc.client.SimpleUnixHttp;
import io.infrakit.rpc.client.UnixHttp;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.spi.group.GroupPlugin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Issue 13: 100,000 fuzzed JSON-RPC bodies (10,000 with --quick) against a daemon's four sockets
 * (manager/group, group-stateless, simulator, vanilla), with the mutations of cli's RpcFuzzTest.
 * Every answer must be a JSON-RPC 2.0 answer with no Java text; the daemon must still commit and
 * converge after; its RSS after must be within 10% of its RSS after a warm-up of 5,000 bodies.
 */
public final class FuzzScenario implements Scenario {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> SEEDS = List.of(
            "{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Implements\",\"params\":{},\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Group.CommitGroup\",\"params\":{\"Name\":\"group\",\"Pretend\":true,\"Spec\":{\"ID\":\"fz\","
                    + "\"Properties\":{\"Allocation\":{\"Size\":1},\"Instance\":{\"Plugin\":\"simulator/compute\",\"Properties\":{}},"
                    + "\"Flavor\":{\"Plugin\":\"vanilla\",\"Properties\":{}}}}},\"id\":2}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Group.DescribeGroup\",\"params\":{\"Name\":\"group\",\"ID\":\"nosuch\"},\"id\":3}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Manager.History\",\"params\":{\"Name\":\"group\",\"ID\":\"nosuch\"},\"id\":4}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Manager.RollbackTo\",\"params\":{\"Name\":\"group\",\"ID\":\"nosuch\",\"Version\":3},\"id\":5}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.DescribeInstances\",\"params\":{\"Type\":\"compute\",\"Tags\":{\"x\":\"y\"},"
                    + "\"Properties\":false},\"id\":6}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Validate\",\"params\":{\"Type\":\"compute\",\"Properties\":{\"cpu\":1}},\"id\":7}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Flavor.Validate\",\"params\":{\"Type\":\"\",\"Properties\":{},\"Allocation\":{\"Size\":1}},\"id\":8}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"Controller.Describe\",\"params\":{\"Name\":\"group\",\"Metadata\":{\"name\":\"nosuch\"}},\"id\":9}");
    static final List<String> TOKENS = List.of("null", "true", "-1", "1e999", "99999999999999999999999", "\"\"", "[]", "{}",
            "\"\\u0000\"", "\"" + "x".repeat(5000) + "\"", "[".repeat(3000) + "]".repeat(3000), "{\"a\":".repeat(200) + "1" + "}".repeat(200), "1.5");
    static final int WARM_UP = 5_000;

    @Override
    public String name() {
        return "fuzz";
    }

    @Override
    public String description() {
        return "100,000 fuzzed JSON-RPC bodies against a daemon's sockets: all JSON-RPC answers, daemon alive, RSS within 10%";
    }

    @Override
    public Result run(BenchConfig config) throws Exception {
        int bodies = config.quick() ? 10_000 : 100_000;
        Result r = new Result(name());
        r.put("bodies", bodies);
        try (Daemon d = Daemon.start(config, List.of("plugin", "start", "manager", "group", "vanilla", "simulator"),
                List.of("group", "group-stateless", "simulator", "vanilla"));
             UnixHttp http = new SimpleUnixHttp()) {
            List<Path> sockets = List.of("group", "group-stateless", "simulator", "vanilla").stream().map(d.paths()::socket).toList();
            Random random = new Random(13);
            double rssWarm = 0;
            java.util.Map<String, Double> partsWarm = java.util.Map.of();
            boolean nmt = false;
            String histogramWarm = "";
            int errors = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < WARM_UP + bodies; i++) {
                if (i == WARM_UP) {
                    fullGc(d);
                    rssWarm = d.rssMiB();
                    partsWarm = d.rssPartsMiB();
                    nmt = jcmd(d, "VM.native_memory", "baseline").contains("Baseline taken");
                    histogramWarm = nmt ? top(jcmd(d, "GC.class_histogram"), 30) : "";
                    t0 = System.nanoTime();
                }
                String body = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
                Path socket = sockets.get(random.nextInt(sockets.size()));
                String text = new String(http.post(socket, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10)).body(),
                        StandardCharsets.UTF_8);
                errors += check(i, body, text);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!d.alive()) {
                throw new IllegalStateException("fuzz: the daemon died: " + d.logTail());
            }
            double rssBeforeGc = d.rssMiB();
            // A full collection first (the daemon's serial GC gives heap back only then), so what stays is what is kept.
            fullGc(d);
            double rssAfterOneGc = d.rssMiB();
            // The serial GC shrinks a grown heap in damped steps (about 10%, then 40%, then all the excess): three more.
            for (int k = 0; k < 3; k++) {
                fullGc(d);
            }
            double rssAfter = d.rssMiB();
            java.util.Map<String, Double> partsAfter = d.rssPartsMiB();
            if (nmt) {
                // Only when the daemon runs with -XX:NativeMemoryTracking=summary (INFRAKIT_JAVA_OPTS): where the growth went.
                java.nio.file.Path diff = config.root().resolve("bench/results/fuzz-nmt-diff.txt");
                java.nio.file.Files.createDirectories(diff.getParent());
                java.nio.file.Files.writeString(diff, jcmd(d, "VM.native_memory", "summary.diff") + "\n\nheap after the warm-up:\n"
                        + histogramWarm + "\n\nheap after:\n" + top(jcmd(d, "GC.class_histogram"), 30) + "\n\n" + jcmd(d, "GC.heap_info"));
                r.put("nmt_diff_file", diff.toString());
            }
            for (String part : partsAfter.keySet()) {
                r.put(part.toLowerCase(java.util.Locale.ROOT) + "_warm_mib", Math.round(partsWarm.getOrDefault(part, Double.NaN)));
                r.put(part.toLowerCase(java.util.Locale.ROOT) + "_after_mib", Math.round(partsAfter.get(part)));
            }
            r.put("rss_after_one_gc_mib", Math.round(rssAfterOneGc));
            r.put("rss_before_gc_mib", Math.round(rssBeforeGc));
            r.put("errors", errors);
            r.put("bodies_per_s", Math.round(bodies / seconds));
            r.put("rss_warm_mib", Math.round(rssWarm));
            r.put("rss_after_mib", Math.round(rssAfter));
            // Still serving: a commit converges.
            try (PluginRegistry registry = new PluginRegistry(d.paths())) {
                GroupPlugin group = registry.group("group");
                group.commitGroup(Specs.group("after-fuzz", 2), false);
                SteadyStateScenario.awaitConverged(group, "after-fuzz", 2, 60);
            }
            r.row("bodies", String.valueOf(bodies));
            r.row("JSON-RPC errors", String.valueOf(errors));
            r.row("bodies/s", String.valueOf(Math.round(bodies / seconds)));
            r.row("RSS before a full GC (MiB)", String.valueOf(Math.round(rssBeforeGc)));
            r.row("RSS after one full GC (MiB)", String.valueOf(Math.round(rssAfterOneGc)));
            for (String part : partsAfter.keySet()) {
                r.row(part + " after vs warm (MiB)", Math.round(partsAfter.get(part)) + " vs " + Math.round(partsWarm.getOrDefault(part, Double.NaN)));
            }
            r.row("RSS after vs warm, both after full GCs (MiB)", Math.round(rssAfter) + " vs " + Math.round(rssWarm), "within 10%",
                    rssAfter <= rssWarm * 1.10);
        }
        return r;
    }

    private static void fullGc(Daemon d) throws Exception {
        jcmd(d, "GC.run");
        Thread.sleep(2_000);
    }

    private static String top(String text, int lines) {
        return String.join("\n", text.lines().limit(lines).toList());
    }

    /** A jcmd diagnostic command against the daemon; its output (an error text when it is not available). */
    private static String jcmd(Daemon d, String... command) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(d.pid())));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        return out;
    }

    /** 1 when the answer is a JSON-RPC error, 0 for a result or a notification's silence; throws when it is no proper answer. */
    private static int check(int i, String body, String text) throws Exception {
        String what = "body #" + i + ": " + abbreviate(body) + " answer: " + abbreviate(text);
        if (text.contains("Exception") || text.contains("\tat ") || text.contains("java.")) {
            throw new IllegalStateException("fuzz: Java text in an answer: " + what);
        }
        if (text.isBlank()) {
            return 0;
        }
        int errors = 0;
        JsonNode answer = JSON.readTree(text);
        for (JsonNode one : answer.isArray() ? answer : List.of(answer)) {
            if (!"2.0".equals(one.path("jsonrpc").asText()) || !(one.has("result") ^ one.has("error"))) {
                throw new IllegalStateException("fuzz: not a JSON-RPC 2.0 answer: " + what);
            }
            if (one.has("error")) {
                if (!one.at("/error/code").isInt() || !one.at("/error/message").isTextual()) {
                    throw new IllegalStateException("fuzz: a malformed error: " + what);
                }
                errors++;
            }
        }
        return errors;
    }

    /** One to three random edits of a real request (the same mutations as cli's RpcFuzzTest). */
    static String mutate(String seed, Random r) {
        String s = seed;
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && !s.isEmpty(); e++) {
            int at = r.nextInt(s.length());
            switch (r.nextInt(8)) {
                case 0 -> s = s.substring(0, at);
                case 1 -> s = s.substring(0, at) + (char) r.nextInt(128) + s.substring(Math.min(s.length(), at + 1));
                case 2 -> s = s.substring(0, at) + TOKENS.get(r.nextInt(TOKENS.size())) + s.substring(at);
                case 3 -> s = s.replaceFirst(":\\s*(\"[^\"]*\"|-?\\d+|true|false|null|\\{\\})", ":" + TOKENS.get(r.nextInt(TOKENS.size())));
                case 4 -> s = s.replace("\"2.0\"", r.nextBoolean() ? "\"1.0\"" : "2");
                case 5 -> s = "[" + s + "," + s + "]";
                case 6 -> s = s.replace("\"id\":", r.nextBoolean() ? "\"ID\":" : "\"id\":" + TOKENS.get(r.nextInt(TOKENS.size())) + ",\"x\":");
                default -> s = s.replaceFirst("\"method\":\"[A-Za-z.]*\"", "\"method\":\"" + List.of("", "Group.", ".", "Nope.Nope",
                        "Instance.Provision", "Group.DestroyGroup", "rpc.discover").get(r.nextInt(7)) + "\"");
            }
        }
        return s;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}

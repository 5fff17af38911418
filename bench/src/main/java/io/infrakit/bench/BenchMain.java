package io.infrakit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/bench [--quick] [--minutes M] [--out DIR] [SCENARIO...]}: runs the scenarios (all when none is
 * named), prints one JSON object per scenario on stdout (one line each), writes it to
 * {@code DIR/<scenario>.json} (default {@code bench/results}), and ends with a summary table.
 * Progress goes to stderr. Exit code 0 when every scenario ran (targets missed are reported, not failures),
 * 1 when a scenario failed, 2 for bad arguments.
 */
public final class BenchMain {

    public static final List<Scenario> SCENARIOS = List.of(new ConvergeScenario(), new SteadyStateScenario(),
            new HealScenario(), new RollingUpdateScenario(), new RpcScenario(), new CliScenario(), new StartScenario(), new MetricsScenario(),
            new WarmPoolScenario(), new FuzzScenario(), new LargeScenario());

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        boolean quick = false;
        Double minutes = null;
        Path outDir = null;
        Path root = Path.of(System.getProperty("infrakit.root", ".")).toAbsolutePath().normalize();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick", "-q" -> quick = true;
                case "--minutes" -> {
                    if (i + 1 >= args.length) {
                        return usage(err, "--minutes needs a number, e.g. --minutes 5");
                    }
                    try {
                        minutes = Double.parseDouble(args[++i]);
                    } catch (NumberFormatException e) {
                        return usage(err, "--minutes '" + args[i] + "' is not a number; e.g. --minutes 5");
                    }
                }
                case "--out" -> {
                    if (i + 1 >= args.length) {
                        return usage(err, "--out needs a folder, e.g. --out /tmp/results");
                    }
                    outDir = Path.of(args[++i]);
                }
                case "--list" -> {
                    for (Scenario s : SCENARIOS) {
                        out.printf("%-10s %s%n", s.name(), s.description());
                    }
                    return 0;
                }
                case "-h", "--help" -> {
                    usage(out, null);
                    return 0;
                }
                default -> {
                    if (a.startsWith("-")) {
                        return usage(err, "unknown option '" + a + "'");
                    }
                    names.add(a);
                }
            }
        }
        List<Scenario> chosen = new ArrayList<>();
        for (String n : names) {
            Scenario s = SCENARIOS.stream().filter(x -> x.name().equals(n)).findFirst().orElse(null);
            if (s == null) {
                return usage(err, "unknown scenario '" + n + "'; known: "
                        + String.join(", ", SCENARIOS.stream().map(Scenario::name).toList()));
            }
            chosen.add(s);
        }
        if (chosen.isEmpty()) {
            chosen.addAll(SCENARIOS);
        }
        if (outDir == null) {
            outDir = root.resolve("bench/results");
        }
        Path work = Files.createTempDirectory(Path.of("/tmp"), "ikb");
        BenchConfig config = new BenchConfig(quick, root, work, minutes);
        ObjectMapper json = new ObjectMapper();
        ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.createDirectories(outDir);
        List<Result> results = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Map<String, Object> machine = Machine.describe();
        for (Scenario s : chosen) {
            err.println("bench: running " + s.name() + (quick ? " (quick)" : "") + " ...");
            double probeBefore = Machine.speedProbeMs();
            long t0 = System.nanoTime();
            Result r;
            try {
                r = s.run(config);
            } catch (Exception | AssertionError e) {
                err.println("bench: " + s.name() + " FAILED: " + e);
                e.printStackTrace(err);
                failed.add(s.name());
                r = new Result(s.name());
                r.put("error", e.toString());
                r.row("error", e.getMessage() == null ? e.toString() : e.getMessage(), "runs", false);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.putAll(r.data());
            doc.put("quick", quick);
            doc.put("seconds", Stats.round((System.nanoTime() - t0) / 1e9));
            double probeAfter = Machine.speedProbeMs();
            doc.put("speed_probe_ms", List.of(Stats.round(probeBefore), Stats.round(probeAfter)));
            r.row("speed probe before / after (java -version, median of 5: smaller is a faster machine at the time)",
                    Stats.ms(probeBefore) + " / " + Stats.ms(probeAfter));
            doc.put("at", Instant.now().toString());
            doc.put("machine", machine);
            out.println(json.writeValueAsString(doc));
            out.flush();
            Files.writeString(outDir.resolve(s.name() + ".json"), pretty.writeValueAsString(doc) + "\n");
            results.add(r);
        }
        out.println();
        out.print(summary(results, machine, quick));
        out.flush();
        deleteQuietly(work);
        if (!failed.isEmpty()) {
            err.println("bench: failed: " + String.join(", ", failed));
            return 1;
        }
        return 0;
    }

    /** The summary as a Markdown table (pastes straight into docs/performance.md). */
    static String summary(List<Result> results, Map<String, Object> machine, boolean quick) {
        StringBuilder b = new StringBuilder();
        b.append("Summary").append(quick ? " (--quick: smaller N, shorter runs)" : "").append(": ")
                .append(machine.get("cpus")).append(" CPUs, ").append(machine.get("memory")).append(", JDK ")
                .append(machine.get("jdk")).append('\n').append('\n');
        b.append("| scenario | measure | result | target | status |\n");
        b.append("|---|---|---|---|---|\n");
        for (Result r : results) {
            for (Result.Row row : r.rows()) {
                b.append("| ").append(row.scenario()).append(" | ").append(row.metric()).append(" | ")
                        .append(row.value()).append(" | ").append(row.target()).append(" | ").append(row.status())
                        .append(" |\n");
            }
        }
        return b.toString();
    }

    private static int usage(PrintStream w, String problem) {
        if (problem != null) {
            w.println("bench: " + problem);
        }
        w.println("usage: bin/bench [--quick] [--minutes M] [--out DIR] [--list] [SCENARIO...]");
        w.println("  scenarios: " + String.join(" ", SCENARIOS.stream().map(Scenario::name).toList()) + " (default: all)");
        w.println("  --quick    smaller N and shorter durations (a smoke run of everything in about a minute or two)");
        w.println("  --minutes  steady-state measuring time (default 5, or 1 with --quick)");
        w.println("  --out      where the JSON files go (default bench/results)");
        return problem == null ? 0 : 2;
    }

    static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // scratch space under /tmp: leaving it is harmless
        }
    }
}

package io.infrakit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.core.event.EventBus;
import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.docker.DockerInstancePlugin;
import io.infrakit.docker.DockerSettings;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.plugin.PluginLookup;
import io.infrakit.vanilla.VanillaFlavor;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Policy.WarmPool on the real Docker engine: a scale-up from 1 to 1 + K members, timed from the size
 * change until every member is running, its Init done and judged healthy by the controller; once cold
 * (every new member provisioned, its Init run) and once from a warm pool of K stopped containers
 * (prepared, Init already run, started). The Init stands for the boot work a real image does (a
 * package install, a cache warm-up): a few seconds of {@code sleep}.
 */
public final class WarmPoolScenario implements Scenario {

    static final String IMAGE = "infrakit-test/busybox:1";

    @Override
    public String name() {
        return "warmpool";
    }

    @Override
    public String description() {
        return "Docker: scale-up 1 -> 1+K until healthy, cold (provision + Init) vs from a warm pool of stopped containers";
    }

    @Override
    public Result run(BenchConfig config) throws Exception {
        int k = config.quick() ? 3 : 5;
        int rounds = config.quick() ? 2 : 5;
        int initSeconds = 3;
        Result r = new Result(name());
        r.put("scale_up_by", k);
        r.put("rounds", rounds);
        r.put("init", "sleep " + initSeconds + " (stands for an image's boot work)");
        r.put("note", "time = setSize(1 -> 1+K) until all 1+K members run, their Init is done and the controller counts"
                + " them healthy (poll 200 ms); warm: the pool is full (K stopped) before each scale-up");
        double[] cold = new double[rounds];
        double[] warm = new double[rounds];
        try (DockerInstancePlugin docker = new DockerInstancePlugin(DockerSettings.defaults().withStopTimeout(Duration.ofSeconds(1)))) {
            try {
                docker.ping();
            } catch (RuntimeException e) {
                throw new IllegalStateException("the Docker engine is not reachable (" + e.getMessage() + "); run .ci/engines/docker.sh");
            }
            for (int i = 0; i < rounds; i++) {
                cold[i] = scaleUp(docker, k, initSeconds, false);
                warm[i] = scaleUp(docker, k, initSeconds, true);
                System.err.printf("warmpool: round %d: cold %.0f ms, warm %.0f ms%n", i + 1, cold[i], warm[i]);
            }
        }
        Map<String, Object> c = Stats.summaryMs(cold);
        Map<String, Object> w = Stats.summaryMs(warm);
        r.put("cold", c);
        r.put("warm", w);
        double coldP50 = Stats.percentile(cold, 50);
        double warmP50 = Stats.percentile(warm, 50);
        double speedup = coldP50 / Math.max(1, warmP50);
        r.row("cold scale-up 1 -> " + (1 + k) + " until healthy, p50", Stats.ms(coldP50));
        r.row("warm pool scale-up 1 -> " + (1 + k) + " until healthy, p50", Stats.ms(warmP50));
        r.row("speed-up (cold p50 / warm p50)", String.format("%.1fx", speedup), ">= 3x", speedup >= 3);
        return r;
    }

    /** One scale-up; returns its duration in ms. */
    private static double scaleUp(DockerInstancePlugin docker, int k, int initSeconds, boolean pool) throws Exception {
        String group = "bench-warm-" + UUID.randomUUID().toString().substring(0, 6);
        EventBus events = new EventBus();
        try (GroupControllerPlugin groups = new GroupControllerPlugin(lookup(docker), events, Clock.systemUTC(),
                new GroupControllerPlugin.Options(Duration.ofMillis(200), 16, true))) {
            groups.commitGroup(spec(group, initSeconds, pool ? k : 0), false);
            await(() -> servingAndHealthy(docker, groups, group, 1) && (!pool || stoppedInPool(docker, group) == k), 120);
            long t0 = System.nanoTime();
            groups.setSize(group, 1 + k);
            await(() -> servingAndHealthy(docker, groups, group, 1 + k), 120);
            double ms = (System.nanoTime() - t0) / 1e6;
            try {
                groups.destroyGroup(group);
            } catch (RuntimeException e) {
                // A member that failed meanwhile (its Init under load) may be gone already: remove what is left.
                System.err.println("warmpool: clean-up: " + e.getMessage());
            }
            for (InstanceDescription d : docker.describeInstances(Map.of(Tags.GROUP, group), false)) {
                try {
                    docker.destroy(d.id(), io.infrakit.spi.instance.DestroyContext.terminate());
                } catch (RuntimeException gone) {
                    // removed meanwhile
                }
            }
            await(() -> docker.describeInstances(Map.of(Tags.GROUP, group), false).isEmpty(), 60);
            return ms;
        }
    }

    private static boolean servingAndHealthy(DockerInstancePlugin docker, GroupControllerPlugin groups, String group, int n) {
        List<InstanceDescription> serving = docker.describeInstances(Map.of(Tags.GROUP, group), true).stream()
                .filter(d -> !Tags.TRUE.equals(d.tag(Tags.WARM))).toList();
        return serving.size() == n
                && serving.stream().allMatch(d -> "running".equals(d.properties().path("State").asText())
                        && Tags.INIT_SUCCEEDED.equals(d.tag(Tags.INIT_STATUS)))
                && groups.describeGroup(group).status().healthy() == n;
    }

    private static long stoppedInPool(DockerInstancePlugin docker, String group) {
        return docker.describeInstances(Map.of(Tags.GROUP, group, Tags.WARM, Tags.TRUE), true).stream()
                .filter(d -> !"running".equals(d.properties().path("State").asText())).count();
    }

    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached within " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }

    private static GroupSpec spec(String group, int initSeconds, int pool) throws Exception {
        String json = """
                {"Allocation":{"Size":1},
                 "Instance":{"Plugin":"docker","Properties":{"Config":{"Image":"%s"},
                   "HostConfig":{"Memory":67108864,"RestartPolicy":{"Name":"no"}},"Tags":{"infrakit.bench":"warmpool"}}},
                 "Flavor":{"Plugin":"vanilla","Properties":{"Init":["sleep %d","hostname > /whoami"]}}%s}"""
                .formatted(IMAGE, initSeconds, pool > 0 ? ",\"Policy\":{\"WarmPool\":{\"Size\":" + pool + ",\"MaxPrepared\":" + pool + "}}" : "");
        return new GroupSpec(group, new ObjectMapper().readTree(json));
    }

    private static PluginLookup lookup(DockerInstancePlugin docker) {
        VanillaFlavor vanilla = new VanillaFlavor();
        return new PluginLookup() {
            @Override
            public InstancePlugin instance(String name) {
                if (name.equals("docker")) {
                    return docker;
                }
                throw new PluginException("no instance plugin " + name);
            }

            @Override
            public FlavorPlugin flavor(String name) {
                if (name.equals("vanilla")) {
                    return vanilla;
                }
                throw new PluginException("no flavor plugin " + name);
            }

            @Override
            public GroupPlugin group(String name) {
                throw new PluginException("no group plugin " + name);
            }
        };
    }
}

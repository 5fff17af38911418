package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.ManagerDaemon;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code plan} says what {@code apply} does, over generated valid specs on the simulator: for
 * each step of a generated sequence of commits to one group, the controller's words in the plan
 * are the words apply answers; "no changes" exactly when apply stores no new version; and the
 * numbers the plan gives (add, remove, replace) are what happens to the members once the group
 * has converged. One daemon for every try; each try has a group of its own.
 */
class PlanMatchesApplyPropertiesTest {

    static CliRun cli;
    static ManagerDaemon daemon;
    static final AtomicInteger GROUPS = new AtomicInteger();

    @BeforeContainer
    static void start() throws Exception {
        cli = new CliRun();
        daemon = ManagerDaemon.start(cli, "group.poll-interval=100ms");
    }

    @AfterContainer
    static void stop() throws Exception {
        ManagerDaemon.stopAndDelete(daemon, cli);
    }

    /** One commit: a size (or that many logical IDs), a release (the Instance section) and an init line (the Flavor section). */
    record Step(int size, boolean pets, String release, String init) {
        String yaml(String id) {
            String allocation = pets
                    ? "LogicalIDs: [" + String.join(", ", List.of("a", "b", "c", "d").subList(0, size)) + "]"
                    : "Size: " + size;
            return """
                    kind: group
                    metadata:
                      name: %s
                    properties:
                      Allocation:
                        %s
                      Flavor:
                        Plugin: vanilla
                        Properties:
                          Init: ["%s"]
                      Instance:
                        Plugin: simulator/compute
                        Properties:
                          release: %s
                    """.formatted(id, allocation, init, release);
        }
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.of("v1", "v2"),
                Arbitraries.of("echo a", "echo b")).as((size, release, init) -> new Step(size, false, release, init));
        return step.list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<Step>> petSequences() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.of("v1", "v2"))
                .as((size, release) -> new Step(size, true, release, "echo a"));
        return step.list().ofMinSize(1).ofMaxSize(3);
    }

    @Property(tries = 8, seed = "13")
    void planSaysWhatApplyDoesForCattle(@ForAll("sequences") List<Step> steps) throws Exception {
        check(steps);
    }

    @Property(tries = 4, seed = "13")
    void planSaysWhatApplyDoesForPets(@ForAll("petSequences") List<Step> steps) throws Exception {
        check(steps);
    }

    private static final Pattern COUNTS = Pattern.compile("(?m)^\\S+: (?:new group: )?add (\\d+), remove (\\d+), replace (\\d+)");
    private static final Pattern CONTROLLER = Pattern.compile("(?m)^  controller: (.*)$");

    private void check(List<Step> steps) throws Exception {
        String id = "g" + GROUPS.incrementAndGet();
        for (Step step : steps) {
            Path file = Files.writeString(cli.home.resolve(id + ".yml"), step.yaml(id));
            Set<String> before = members(id);
            int versionsBefore = versions(id);

            CliRun.Result plan = cli.ok("plan", "-f", file.toString());
            CliRun.Result apply = cli.ok("apply", "-f", file.toString());
            String applied = apply.out().strip().replaceFirst("^group " + id + " committed: ", "");

            if (plan.out().strip().equals(id + ": no changes")) {
                assertThat(versions(id)).as("plan said no changes: %s", steps).isEqualTo(versionsBefore);
                continue;
            }
            assertThat(versions(id)).as("plan said changes: %s", steps).isEqualTo(versionsBefore + 1);
            Matcher words = CONTROLLER.matcher(plan.out());
            assertThat(words.find()).as(plan.out()).isTrue();
            assertThat(applied).as("plan:\n%s\napply:\n%s", plan.out(), apply.out()).isEqualTo(words.group(1));

            Matcher counts = COUNTS.matcher(plan.out());
            assertThat(counts.find()).as(plan.out()).isTrue();
            int add = Integer.parseInt(counts.group(1));
            int remove = Integer.parseInt(counts.group(2));
            int replace = Integer.parseInt(counts.group(3));
            await().atMost(Duration.ofSeconds(20)).until(() -> converged(id, step.size()));
            Set<String> after = members(id);
            Set<String> kept = new HashSet<>(before);
            kept.retainAll(after);
            assertThat(after).as("members after %s", steps).hasSize(step.size());
            assertThat(before.size() - kept.size()).as("members gone (remove + replace) after %s\n%s", steps, plan.out())
                    .isEqualTo(remove + replace);
            assertThat(after.size() - kept.size()).as("members new (add + replace) after %s\n%s", steps, plan.out())
                    .isEqualTo(add + replace);
        }
    }

    private static boolean converged(String id, int size) {
        CliRun.Result r = cli.run("get", "groups", id);
        return r.code() == 0 && r.out().matches("(?s).*\\n" + id + "\\s+" + size + "\\s+" + size + "\\s.*Converged.*");
    }

    private static Set<String> members(String id) {
        CliRun.Result r = cli.run("get", "instances", id, "-o", "ids");
        return r.code() == 0 ? new HashSet<>(r.out().lines().filter(l -> !l.isBlank()).toList()) : Set.of();
    }

    private static int versions(String id) {
        CliRun.Result r = cli.run("history", id);
        return r.code() == 0 ? (int) r.out().lines().filter(l -> l.matches("\\s*\\d+\\s.*")).count() : 0;
    }
}

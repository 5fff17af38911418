package io.infrakit.core.spec;

import io.infrakit.core.group.plan.GroupConfig;
import io.infrakit.core.group.plan.GroupPolicy;
import io.infrakit.spi.group.GroupSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Policy.Update, ScaleDown and MaxLifetime: read into the group's policy, or refused naming the field. */
class LifecyclePolicySpecTest {

    final GroupSpecValidator validator = new GroupSpecValidator();
    final SpecReader reader = new SpecReader(Map.of(), null);

    GroupSpec spec(int size, String policy) {
        return reader.parse("g.yml", """
                kind: group
                metadata: {name: web}
                properties:
                  Allocation: {Size: %d}
                  Instance: {Plugin: simulator/compute, Properties: {}}
                  Flavor: {Plugin: vanilla, Properties: {}}
                  Policy: %s
                """.formatted(size, policy)).get(0);
    }

    List<String> problems(int size, String policy) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> validator.validate(spec(size, policy)));
        assertThat(e).as("refused: " + policy).isNotNull();
        return e.problems();
    }

    @Test
    void aFullLifecyclePolicyIsRead() {
        GroupConfig cfg = validator.validate(spec(10, """
                {Update: {Checkpoints: [10, 50, 100], CheckpointDelay: 1m, BakeTime: 5m, AutoRollback: true,
                          Canary: {Size: 2}},
                 ScaleDown: OldestFirst, MaxLifetime: 168h}"""));
        GroupPolicy.Rollout r = cfg.policy().rollout();
        assertThat(r.checkpoints()).containsExactly(10, 50, 100);
        assertThat(r.checkpointDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(r.bakeTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.autoRollback()).isTrue();
        assertThat(r.canary()).isEqualTo(2);
        assertThat(cfg.policy().scaleDown()).isEqualTo(GroupPolicy.ScaleDownOrder.OLDEST_FIRST);
        assertThat(cfg.policy().maxLifetime()).isEqualTo(Duration.ofHours(168));
        // The lifecycle fields are not part of the config hash: changing them never rolls the members.
        GroupConfig plain = validator.validate(spec(10, "{}"));
        assertThat(plain.configHash()).isEqualTo(cfg.configHash());
        assertThat(plain.policy().rollout()).isEqualTo(GroupPolicy.Rollout.NONE);
        assertThat(plain.policy().scaleDown()).isEqualTo(GroupPolicy.ScaleDownOrder.OLDEST_CONFIG_FIRST);
        assertThat(plain.policy().maxLifetime()).isNull();
    }

    /** The examples docs/group.md shows are valid specs and mean what the page says. */
    @Test
    void theDocsExamplesAreValid() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("../examples/lifecycle");
        GroupConfig phased = validator.validate(reader.readFiles(List.of(dir.resolve("phased.yml")),
                java.io.InputStream.nullInputStream()).get(0));
        assertThat(phased.policy().rollout()).isEqualTo(new GroupPolicy.Rollout(List.of(10, 50, 100),
                Duration.ofMinutes(1), Duration.ofMinutes(2), true, 0));
        assertThat(phased.policy().scaleDown()).isEqualTo(GroupPolicy.ScaleDownOrder.OLDEST_FIRST);
        assertThat(phased.policy().maxLifetime()).isEqualTo(Duration.ofDays(30));
        GroupConfig canary = validator.validate(reader.readFiles(List.of(dir.resolve("canary.yml")),
                java.io.InputStream.nullInputStream()).get(0));
        assertThat(canary.policy().rollout().canary()).isEqualTo(2);
    }

    @Test
    void checkpointsNotAscendingOrOutOfRangeAreRefusedNamingTheField() {
        assertThat(problems(10, "{Update: {Checkpoints: [50, 10, 100]}}")).singleElement().asString()
                .contains("Policy.Update.Checkpoints [50, 10, 100] is not ascending").contains("e.g. [10, 50, 100]");
        assertThat(problems(10, "{Update: {Checkpoints: [10, 10]}}")).singleElement().asString()
                .contains("Policy.Update.Checkpoints").contains("not ascending");
        assertThat(problems(10, "{Update: {Checkpoints: [0, 50]}}")).singleElement().asString()
                .contains("Policy.Update.Checkpoints[0] is 0").contains("from 1 to 100");
        assertThat(problems(10, "{Update: {Checkpoints: [50, 150]}}")).singleElement().asString()
                .contains("Policy.Update.Checkpoints[1] is 150");
    }

    @Test
    void aCanaryLargerThanTheGroupOrEmptyIsRefused() {
        assertThat(problems(3, "{Update: {Canary: {Size: 4}}}")).singleElement().asString()
                .contains("Policy.Update.Canary.Size 4 is larger than the group size 3");
        assertThat(problems(3, "{Update: {Canary: {Size: 0}}}")).singleElement().asString()
                .contains("Policy.Update.Canary.Size is 0");
        assertThat(problems(3, "{Update: {Canary: {}}}")).singleElement().asString()
                .contains("Policy.Update.Canary.Size is null");
    }

    @Test
    void negativeOrContradictoryDurationsAreRefusedNamingTheField() {
        assertThat(problems(3, "{Update: {BakeTime: -5m}}")).singleElement().asString()
                .contains("Policy.Update.BakeTime: '-5m' is not a duration");
        assertThat(problems(3, "{Update: {Checkpoints: [50], CheckpointDelay: -1s}}")).singleElement().asString()
                .contains("Policy.Update.CheckpointDelay: '-1s' is not a duration");
        assertThat(problems(3, "{Update: {CheckpointDelay: 1m}}")).singleElement().asString()
                .contains("Policy.Update.CheckpointDelay 1m is set without Policy.Update.Checkpoints");
        assertThat(problems(3, "{MaxLifetime: -1h}")).singleElement().asString()
                .contains("Policy.MaxLifetime: '-1h' is not a duration");
        assertThat(problems(3, "{MaxLifetime: 0s}")).singleElement().asString()
                .contains("Policy.MaxLifetime '0s' must be more than 0");
        assertThat(problems(3, "{MaxLifetime: 5m, HealthyTimeout: 10m}")).singleElement().asString()
                .contains("Policy.MaxLifetime 5m is not longer than Policy.HealthyTimeout 10m");
    }

    @Test
    void unknownPoliciesAndOrdersAreRefusedWithTheNearestName() {
        assertThat(problems(3, "{ScaleDown: OldestFrist}")).singleElement().asString()
                .contains("Policy.ScaleDown 'OldestFrist' is not known: did you mean OldestFirst?");
        assertThat(problems(3, "{Update: {Checkpionts: [10]}}")).singleElement().asString()
                .contains("properties.Policy.Update.Checkpionts is not a known policy field: did you mean Checkpoints?");
        assertThat(problems(3, "{Update: {Canary: {Szie: 1}}}")).anyMatch(p -> p.contains("Policy.Update.Canary.Szie"));
        assertThat(problems(3, "{WarmPol: {Size: 1}}")).singleElement().asString()
                .contains("properties.Policy.WarmPol is not a known policy field");
    }

    @Test
    void aHealthCheckIsReadOrRefusedNamingTheField() {
        GroupConfig cfg = validator.validate(spec(3, "{HealthCheck: {Http: {Port: 8080, Path: /healthz}, Interval: 5s,"
                + " UnhealthyThreshold: 2}}"));
        GroupPolicy.HealthCheckPolicy h = cfg.policy().healthCheck();
        assertThat(h.httpPort()).isEqualTo(8080);
        assertThat(h.path()).isEqualTo("/healthz");
        assertThat(h.expect()).isEqualTo(200);
        assertThat(h.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(h.unhealthyThreshold()).isEqualTo(2);
        assertThat(h.healthyThreshold()).isEqualTo(1);
        assertThat(problems(3, "{HealthCheck: {Interval: 5s}}")).singleElement().asString()
                .contains("Policy.HealthCheck has none of Http, Tcp and Exec");
        assertThat(problems(3, "{HealthCheck: {Tcp: {Port: 70000}}}")).singleElement().asString()
                .contains("Policy.HealthCheck.Tcp.Port is 70000");
        assertThat(problems(3, "{HealthCheck: {Http: {Port: 80, Path: healthz}}}")).singleElement().asString()
                .contains("Policy.HealthCheck.Http.Path 'healthz' must start with /");
        assertThat(problems(3, "{HealthCheck: {Exec: [], Timeout: 20s, Interval: 10s}}"))
                .anyMatch(p -> p.contains("Policy.HealthCheck.Exec is empty"))
                .anyMatch(p -> p.contains("Policy.HealthCheck.Timeout 20s is longer than Interval 10s"));
        assertThat(problems(3, "{HealthCheck: {Tcp: {Port: 22}, UnhealthyThreshold: 0}}")).singleElement().asString()
                .contains("Policy.HealthCheck.UnhealthyThreshold is 0");
    }

    @Test
    void hooksAreReadOrRefusedNamingTheField() {
        GroupConfig cfg = validator.validate(spec(3, "{Hooks: [{On: launch, Url: 'http://127.0.0.1:9000/hook', Timeout: 2m,"
                + " Default: continue}, {On: terminate, Url: 'https://hooks.example/t'}]}"));
        assertThat(cfg.policy().hooks(true)).singleElement().satisfies(h -> {
            assertThat(h.timeout()).isEqualTo(Duration.ofMinutes(2));
            assertThat(h.continueByDefault()).isTrue();
        });
        assertThat(cfg.policy().hooks(false)).singleElement().satisfies(h -> {
            assertThat(h.timeout()).isEqualTo(Duration.ofMinutes(5));
            assertThat(h.continueByDefault()).isFalse();
        });
        assertThat(problems(3, "{Hooks: [{On: boot, Url: 'http://x/h'}]}")).singleElement().asString()
                .contains("Policy.Hooks[0].On 'boot' is not known");
        assertThat(problems(3, "{Hooks: [{On: launch, Url: 'ftp://x/h'}]}")).singleElement().asString()
                .contains("Policy.Hooks[0].Url 'ftp://x/h' is not an http:// or https:// address");
        assertThat(problems(3, "{Hooks: [{On: launch, Url: 'http://x/h', Default: maybe}]}")).singleElement().asString()
                .contains("Policy.Hooks[0].Default 'maybe' is not known");
        assertThat(problems(3, "{Hooks: [{On: launch, Url: 'http://x/h', Timeout: 0s}]}")).singleElement().asString()
                .contains("Policy.Hooks[0].Timeout '0s' must be more than 0");
        assertThat(problems(3, "{Hooks: [{On: launch, Ur1: 'http://x/h'}]}"))
                .anyMatch(p -> p.contains("properties.Policy.Hooks[0].Ur1 is not a known policy field: did you mean Url?"));
    }

    @Test
    void badInputChangesNothingAndEveryProblemIsListedAtOnce() {
        List<String> all = problems(3, "{Update: {Checkpoints: [50, 10], Canary: {Size: 9}}, ScaleDown: Random}");
        assertThat(all).hasSize(3);
        assertThat(all).allMatch(p -> p.startsWith("g.yml, group 'web': properties.Policy."));
    }

    @Test
    void anAutoscaleQueryWithASlipIsRefusedNamingTheField() {
        assertThat(problems(3, "{Autoscale: {Query: 'sum(rate(x[1m])', Target: 10, Min: 1, Max: 5}}"))
                .anyMatch(p -> p.contains("Policy.Autoscale.Query 'sum(rate(x[1m])' does not parse: '(' at character 4 is never closed"));
        validator.validate(spec(3, "{Autoscale: {Query: 'sum(rate(x[1m]))', Target: 10, Min: 1, Max: 5}}"));
    }
}

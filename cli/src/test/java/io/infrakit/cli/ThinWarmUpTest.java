package io.infrakit.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which thin calls the daemon warms in the background: plain reads only, never a write, a watch or a follow. */
class ThinWarmUpTest {

    private static boolean warmable(String... args) {
        return ThinWarmUp.warmable(args);
    }

    @Test
    void plainReadsAreWarmed() {
        for (List<String> args : List.of(List.of("get", "groups"), List.of("get", "instances"), List.of("get", "instances", "web"),
                List.of("describe", "group", "web"), List.of("status"))) {
            assertThat(warmable(args.toArray(String[]::new))).as(args.toString()).isTrue();
        }
    }

    @Test
    void writesWatchesOptionsAndOtherCommandsAreNot() {
        for (List<String> args : List.<List<String>>of(List.of(), List.of("get", "groups", "-w"), List.of("get", "instances", "--watch"),
                List.of("events", "-f"), List.of("events"), List.of("scale", "web", "3"), List.of("apply", "-f", "x.yml"),
                List.of("destroy", "web"), List.of("vars", "set", "a", "b"), List.of("deploy", "-f", "d.yml"),
                List.of("rollout", "status", "web"), List.of("get", "groups", "-o", "json"), List.of("--help"),
                List.of("get", "instances", "web", "extra"))) {
            assertThat(warmable(args.toArray(String[]::new))).as(args.toString()).isFalse();
        }
    }
}

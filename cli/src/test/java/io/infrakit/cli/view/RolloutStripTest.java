package io.infrakit.cli.view;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutStripTest {

    @Test
    void countsMembersByConfigHashAndDrawsNewInFlightOld() {
        RolloutStrip s = RolloutStrip.of("new", List.of("old", "new", "old", "new", "new"), 5, 1, 0);
        assertThat(s.strip(Colour.NONE)).isEqualTo("■■■○□□");
        assertThat(s.counts()).isEqualTo("3 new, 2 old, 1 in flight of 5");
        assertThat(s.done()).isFalse();
        assertThat(RolloutStrip.of("new", List.of("new", "new"), 2, 0, 1).counts()).isEqualTo("2 new, 0 old, 0 in flight of 2, 1 unhealthy");
        assertThat(RolloutStrip.of("new", List.of("new", "new"), 2, 0, 0).done()).isTrue();
        assertThat(RolloutStrip.of("new", List.of("new"), 2, 1, 0).done()).isFalse();
    }

    @Test
    void etaFollowsThePaceOfReplacedMembers() {
        RolloutStrip first = RolloutStrip.of("n", List.of("o", "o", "o", "o", "o", "o"), 6, 0, 0);
        RolloutStrip now = RolloutStrip.of("n", List.of("n", "n", "o", "o", "o", "o"), 6, 1, 0);
        // 2 replaced in 10 s: 4 left take 20 s.
        assertThat(now.eta(first, Duration.ofSeconds(10))).contains(Duration.ofSeconds(20));
        assertThat(first.eta(first, Duration.ofSeconds(10))).isEmpty();
        assertThat(RolloutStrip.human(Duration.ofSeconds(20))).isEqualTo("20s");
        assertThat(RolloutStrip.human(Duration.ofSeconds(190))).isEqualTo("3m10s");
        assertThat(RolloutStrip.human(Duration.ofMinutes(62))).isEqualTo("1h2m");
    }

    @Test
    void aLargeGroupIsDrawnToScaleNeverWiderThanTheMaximum() {
        // Issue 13: the line must not grow with the group (a strip of 10^7 cells is 30 MB of text).
        RolloutStrip big = new RolloutStrip(10_000_000, 7_500_000, 2_499_968, 32, 0);
        String strip = big.strip(Colour.NONE);
        assertThat(strip).isEqualTo("■".repeat(75) + "○" + "□".repeat(25));
        assertThat(strip.length()).isLessThanOrEqualTo(RolloutStrip.MAX_CELLS + 1);
        assertThat(new RolloutStrip(100, 60, 40, 0, 0).strip(Colour.NONE)).isEqualTo("■".repeat(60) + "□".repeat(40));
    }
}

package io.infrakit.spi;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoDurationTest {

    /** Moved from the simulator's own grammar (Durations), which this one replaced. */
    @Test
    void durationsParseLikeGo() {
        assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(GoDuration.parse("1h2m3s")).isEqualTo(Duration.ofSeconds(3723));
        assertThat(GoDuration.parse("10us")).isEqualTo(Duration.ofNanos(10_000));
        assertThatThrownBy(() -> GoDuration.parse("2 s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoDuration.parse("s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoDuration.parse("-1s")).isInstanceOf(IllegalArgumentException.class);
        assertThat(GoDuration.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(GoDuration.format(Duration.ofMillis(500))).isEqualTo("500ms");
    }

    @Test
    void whatTheOtherGrammarsAcceptedParsesTheSame() {
        // manager.answer-timeout and leader-period (ms, s, m)
        assertThat(GoDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(GoDuration.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        // docker.*-timeout (ms, s, m, h)
        assertThat(GoDuration.parse("1h")).isEqualTo(Duration.ofHours(1));
        // and what only Go's grammar had: compound and fractional values
        assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void aBareNumberIsRefusedWithTheFix() {
        assertThatThrownBy(() -> GoDuration.parse("10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'10' is not a duration; write it like 30s, 10m, 1h30m or 500ms (a number needs a unit: write 10s for seconds)");
        assertThatThrownBy(() -> GoDuration.parse("soon")).hasMessage("'soon' is not a duration; write it like 30s, 10m, 1h30m or 500ms");
    }

    @Test
    void optionsOnceInSecondsStillTakeABareWholeNumber() {
        assertThat(GoDuration.parseWithBareSeconds("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(GoDuration.parseWithBareSeconds("0")).isEqualTo(Duration.ZERO);
        assertThat(GoDuration.parseWithBareSeconds("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> GoDuration.parseWithBareSeconds("1.5")).hasMessageContaining("write 1.5s");
        assertThatThrownBy(() -> GoDuration.parseWithBareSeconds("-3")).isInstanceOf(IllegalArgumentException.class);
    }
}

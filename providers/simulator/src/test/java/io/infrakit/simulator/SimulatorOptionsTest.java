package io.infrakit.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorOptionsTest {

    @Test
    void noOptionsMeansDefaults() {
        assertThat(SimulatorOptions.parse(Map.of())).isEqualTo(SimulatorOptions.DEFAULTS);
    }

    @Test
    void parsesEveryOption() {
        SimulatorOptions o = SimulatorOptions.parse(Map.of(
                "persist", "true", "provision-delay", "500ms", "visible-after", "1m30s",
                "failure-rate", "0.25", "seed", "7"));
        assertThat(o).isEqualTo(new SimulatorOptions(true, Duration.ofMillis(500), Duration.ofSeconds(90), 0.25, 7L));
    }

    @Test
    void badValuesNameTheOptionTheValueAndTheFix() {
        assertThatThrownBy(() -> SimulatorOptions.parse(Map.of("persist", "yes")))
                .hasMessageContaining("persist").hasMessageContaining("'yes'").hasMessageContaining("true or false");
        assertThatThrownBy(() -> SimulatorOptions.parse(Map.of("provision-delay", "5 parsecs")))
                .hasMessageContaining("provision-delay").hasMessageContaining("'5 parsecs'").hasMessageContaining("500ms");
        assertThatThrownBy(() -> SimulatorOptions.parse(Map.of("visible-after", "10")))
                .hasMessageContaining("visible-after").hasMessageContaining("'10'");
        assertThatThrownBy(() -> SimulatorOptions.parse(Map.of("failure-rate", "1.5")))
                .hasMessageContaining("failure-rate").hasMessageContaining("'1.5'").hasMessageContaining("from 0 to 1");
        assertThatThrownBy(() -> SimulatorOptions.parse(Map.of("failure-rate", "often")))
                .hasMessageContaining("failure-rate").hasMessageContaining("'often'");
        assertThatThrownBy(() -> SimulatorOptions.parse(Map.of("seed", "abc")))
                .hasMessageContaining("seed").hasMessageContaining("'abc'").hasMessageContaining("integer");
        assertThatThrownBy(() -> SimulatorOptions.parse(Map.of("visible-afer", "2s")))
                .hasMessageContaining("unknown simulator option 'visible-afer'").hasMessageContaining("visible-after");
    }

    @Test
    void recordRefusesNegativeDurationsAndBadRates() {
        assertThatThrownBy(() -> SimulatorOptions.DEFAULTS.withVisibleAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("visible-after");
        assertThatThrownBy(() -> SimulatorOptions.DEFAULTS.withFailureRate(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failure-rate");
    }

    @Test
    void everyOptionIsDocumented() {
        assertThat(new SimulatorPluginKind().options().keySet())
                .containsExactly("persist", "provision-delay", "visible-after", "failure-rate", "seed");
    }
}

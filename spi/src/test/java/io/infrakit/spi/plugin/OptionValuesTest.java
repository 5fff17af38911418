package io.infrakit.spi.plugin;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionValuesTest {

    private static OptionValues of(Map<String, String> options) {
        return new OptionValues("demo", options, "30s or 5m", "10s");
    }

    @Test
    void missingOptionsGiveTheDefaults() {
        OptionValues v = of(Map.of());
        assertThat(v.duration("t", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(v.integer("n", 7, 1, 10)).isEqualTo(7);
        assertThat(v.bool("b", true)).isTrue();
    }

    @Test
    void givenValuesAreRead() {
        OptionValues v = of(Map.of("t", "1m30s", "n", " 10 ", "b", "false"));
        assertThat(v.duration("t", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(v.integer("n", 1, 1, 10)).isEqualTo(10);
        assertThat(v.bool("b", true)).isFalse();
    }

    @Test
    void badValuesNameTheKindTheOptionTheValueAndTheFix() {
        assertThatThrownBy(() -> of(Map.of("t", "soon")).duration("t", Duration.ZERO))
                .hasMessage("demo option t='soon' is not a duration; write it like 30s or 5m");
        assertThatThrownBy(() -> of(Map.of("t", "0s")).duration("t", Duration.ZERO))
                .hasMessage("demo option t='0s' must be more than 0, e.g. 10s");
        assertThatThrownBy(() -> of(Map.of("n", "11")).integer("n", 1, 1, 10))
                .hasMessage("demo option n='11' must be a whole number from 1 to 10");
        assertThatThrownBy(() -> of(Map.of("n", "x")).integer("n", 1, 1, 10))
                .hasMessage("demo option n='x' must be a whole number from 1 to 10");
        assertThatThrownBy(() -> of(Map.of("b", "yes")).bool("b", false))
                .hasMessage("demo option b='yes' is not a boolean; use true or false");
    }

    @Test
    void unknownKeysAreRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> of(Map.of("colour", "red")).refuseUnknown(List.of("t", "n")))
                .hasMessage("unknown demo option 'colour'; known options: t, n, given as --opt demo.KEY=VALUE");
        of(Map.of("t", "1s")).refuseUnknown(List.of("t", "n"));
    }
}

package io.infrakit.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void aSwapOfNeighboursIsOneEdit() {
        assertThat(Suggestions.distance("destory", "destroy")).isEqualTo(1);
        assertThat(Suggestions.distance("abc", "abc")).isZero();
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void closestIgnoresCaseRespectsTheLimitAndBreaksTiesAlphabetically() {
        assertThat(Suggestions.closest("image", List.of("Labels", "Image"), 1)).contains("Image");
        assertThat(Suggestions.closest("xyzzy", List.of("Image"), 2)).isEmpty();
        assertThat(Suggestions.closest("", List.of("a"), 2)).isEmpty();
        assertThat(Suggestions.closest("cat", List.of("hat", "bat"), 1)).contains("bat");
        assertThat(Suggestions.closest("sizee", List.of("Size"), 0)).isEmpty();
    }
}

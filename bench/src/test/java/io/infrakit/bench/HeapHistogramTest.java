package io.infrakit.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The steady scenario's live-heap figure: jcmd's class histogram, read. */
class HeapHistogramTest {

    @Test
    void readsTheTotalAndTheLargestClassesOfJcmdsOutput() {
        String text = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         27493        7725552  [B (java.base@25.0.3)
                   2:         34960        1118720  java.util.HashMap$Node (java.base@25.0.3)
                   3:         10001         320032  io.infrakit.spi.instance.CompactTags
                Total        208542       22122336
                """;
        HeapHistogram h = HeapHistogram.parse(text);
        assertThat(h.totalBytes()).isEqualTo(22_122_336L);
        assertThat(h.totalMiB()).isCloseTo(21.1, org.assertj.core.data.Offset.offset(0.05));
        assertThat(h.top()).extracting(HeapHistogram.Line::className)
                .containsExactly("[B", "java.util.HashMap$Node", "io.infrakit.spi.instance.CompactTags");
        assertThat(h.top().get(2).instances()).isEqualTo(10_001L);
        assertThat(h.topAsMaps()).hasSize(3);
    }

    @Test
    void anOutputWithoutATotalIsAnError() {
        assertThatThrownBy(() -> HeapHistogram.parse("12345:\nCommand executed, no histogram\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no Total line");
    }
}

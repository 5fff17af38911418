package io.infrakit.libvirt;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pieces of a streamed guest command's stdout: never a UTF-8 character cut in two. */
class GuestExecStreamTest {

    @Test
    void piecesSplitInsideACharacterAreHandedOverWhole() {
        byte[] text = "é 日本 🙂 end\n".getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= text.length; cut++) {
            List<String> out = new ArrayList<>();
            GuestExecStream.Utf8Pieces pieces = new GuestExecStream.Utf8Pieces(out::add);
            pieces.add(Arrays.copyOfRange(text, 0, cut));
            pieces.add(Arrays.copyOfRange(text, cut, text.length));
            pieces.flush();
            assertThat(String.join("", out)).as("cut at byte %d", cut).isEqualTo("é 日本 🙂 end\n");
            assertThat(out).allSatisfy(p -> assertThat(p).doesNotContain("\uFFFD"));
            assertThat(pieces.all()).isEqualTo("é 日本 🙂 end\n");
        }
    }

    @Test
    void completeUpToStopsBeforeAnUnfinishedSequenceOnly() {
        byte[] smile = "🙂".getBytes(StandardCharsets.UTF_8); // 4 bytes
        assertThat(GuestExecStream.Utf8Pieces.completeUpTo(smile)).isEqualTo(4);
        assertThat(GuestExecStream.Utf8Pieces.completeUpTo(Arrays.copyOf(smile, 3))).isZero();
        assertThat(GuestExecStream.Utf8Pieces.completeUpTo("ab".getBytes(StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(GuestExecStream.Utf8Pieces.completeUpTo(new byte[0])).isZero();
    }
}

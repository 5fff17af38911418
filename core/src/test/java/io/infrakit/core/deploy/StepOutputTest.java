package io.infrakit.core.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A step's stdout in pieces: whole lines printed as they complete, everything logged in order. */
class StepOutputTest {

    @TempDir
    Path dir;

    static final Step STEP = new Step(1, "talk", Step.Kind.RUN, "true", null, Map.of(), null, Duration.ofSeconds(5), 0,
            null, null, null, null, false);

    @Test
    void linesArePrintedAsTheyCompleteAndTheLogKeepsEveryPieceInOrder() throws Exception {
        StepLog log = new StepLog(dir);
        StepLog.Entry entry = log.begin("d", "i-1", STEP);
        List<String> printed = new ArrayList<>();
        StepOutput out = new StepOutput(printed::add, entry);

        out.accept("fir");
        assertThat(printed).as("half a line waits for its end").isEmpty();
        out.accept("st\nsec");
        assertThat(printed).containsExactly("    | first");
        out.accept("ond\nno newline at the end");
        assertThat(printed).containsExactly("    | first", "    | second");
        out.finish(log.file("d", "i-1"));
        assertThat(printed).containsExactly("    | first", "    | second", "    | no newline at the end");
        entry.end(new io.infrakit.spi.instance.ExecResult(0, "", "warn\n"), null, Duration.ofMillis(7));

        assertThat(Files.readString(log.file("d", "i-1"))).matches("(?s)== \\S+ step 1 'talk' \\[run] started\n-- stdout\n"
                + "first\nsecond\nno newline at the end\n-- stderr\nwarn\n== \\S+ step 1 'talk' \\[run] exit 0 in 7 ms\n");
    }

    @Test
    void onlyTheFirstLinesArePrintedAndTheRestAreCounted() {
        StepLog log = new StepLog(dir);
        List<String> printed = new ArrayList<>();
        StepOutput out = new StepOutput(printed::add, log.begin("d", "i-2", STEP));
        for (int i = 1; i <= StepOutput.PRINTED + 3; i++) {
            out.accept("line " + i + "\n");
        }
        out.finish(log.file("d", "i-2"));
        assertThat(printed).hasSize(StepOutput.PRINTED + 1);
        assertThat(printed.get(StepOutput.PRINTED - 1)).isEqualTo("    | line " + StepOutput.PRINTED);
        assertThat(printed.getLast()).isEqualTo("    | ... 3 more lines in " + log.file("d", "i-2"));
    }
}

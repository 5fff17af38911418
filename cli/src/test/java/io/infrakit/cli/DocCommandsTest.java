package io.infrakit.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DocCommandsTest {

    @Test
    void readsCommandsAndMatchesOutputWithGapsAndWildcards() {
        DocCommands doc = DocCommands.parse("""
                text
                ```console
                $ infrakit get groups
                ID       DESIRED
                workers  …
                ```
                ```sh
                $ not a command
                ```
                ```console
                $ infrakit apply -f x
                error: bad …
                …
                nothing was committed
                ```
                """);
        assertThat(doc.steps()).extracting(DocCommands.Step::command).containsExactly("infrakit get groups", "infrakit apply -f x");
        DocCommands.Step get = doc.steps().get(0);
        assertThat(get.matches("ID   DESIRED\nworkers 5\n")).isTrue();
        assertThat(get.matches("ID   DESIRED\n")).isFalse();
        assertThat(get.matches("workers 5\nID DESIRED\n")).isFalse();
        DocCommands.Step apply = doc.steps().get(1);
        assertThat(apply.expectsFailure()).isTrue();
        assertThat(apply.matches("error: bad size\nerror: other\nnothing was committed")).isTrue();
        assertThat(apply.matches("error: bad size\n")).isFalse();
    }

    @Test
    void backgroundCapturesVariablesAndQuotes() {
        DocCommands doc = DocCommands.parse("""
                ```console
                $ infrakit up &
                $ ID=$(infrakit instance provision --plugin lab/compute spec.yml)
                $ infrakit instance label --plugin lab/compute $ID owner=alice
                labelled …
                ```
                """);
        DocCommands.Step up = doc.steps().get(0);
        assertThat(up.background()).isTrue();
        assertThat(up.runnable(java.util.Map.of())).isEqualTo("infrakit up");
        DocCommands.Step provision = doc.steps().get(1);
        assertThat(provision.captureInto()).isEqualTo("ID");
        assertThat(provision.background()).isFalse();
        assertThat(provision.runnable(java.util.Map.of())).isEqualTo("infrakit instance provision --plugin lab/compute spec.yml");
        assertThat(doc.steps().get(2).runnable(java.util.Map.of("ID", "i-7"))).isEqualTo("infrakit instance label --plugin lab/compute i-7 owner=alice");
        assertThat(DocCommands.Step.words("get x -o 'template={{.ID}} {{.Status}}' \"a b\" ''"))
                .containsExactly("get", "x", "-o", "template={{.ID}} {{.Status}}", "a b", "");
    }
}

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
}

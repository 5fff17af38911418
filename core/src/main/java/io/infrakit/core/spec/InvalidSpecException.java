package io.infrakit.core.spec;

import io.infrakit.spi.PluginException;

import java.util.List;

/**
 * A group spec (or spec file) that cannot be committed: every problem found, each naming the
 * field, its value and the fix. The one exception of the spec pipeline, on every path: files read
 * by the CLI, commits over Group/0.1.1 and Controller/0.1.1, the manager and the group controller.
 */
public class InvalidSpecException extends PluginException {

    private final List<String> problems;

    public InvalidSpecException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidSpecException(String problem) {
        this(List.of(problem));
    }

    /** One line each, for a terminal. */
    public List<String> problems() {
        return problems;
    }
}

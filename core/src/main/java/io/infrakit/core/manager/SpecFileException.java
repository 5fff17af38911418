package io.infrakit.core.manager;

import io.infrakit.spi.PluginException;

import java.util.List;

/** A spec file that cannot be committed: every problem found, each naming where and how to fix it. */
public class SpecFileException extends PluginException {
    private final List<String> problems;

    public SpecFileException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public SpecFileException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}

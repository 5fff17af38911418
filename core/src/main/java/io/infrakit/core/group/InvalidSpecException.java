package io.infrakit.core.group;

import io.infrakit.spi.PluginException;

import java.util.List;

/** A group spec that cannot be committed; the message names each bad field, its value and the fix. */
public class InvalidSpecException extends PluginException {

    private final List<String> problems;

    public InvalidSpecException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidSpecException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}

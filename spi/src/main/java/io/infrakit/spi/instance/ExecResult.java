package io.infrakit.spi.instance;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What a command run by {@link InstanceExec} printed and how it ended. */
@JsonPropertyOrder({"ExitCode", "Stdout", "Stderr"})
public record ExecResult(
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("Stdout") String stdout,
        @JsonProperty("Stderr") String stderr) {

    public ExecResult {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }
}

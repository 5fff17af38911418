package io.infrakit.core.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One step of a deployment, as read and checked by {@link DeploymentReader}. Its text fields may
 * hold templates ({@code {{ var "PATH" }}}) that are rendered just before the step runs.
 *
 * @param number   1-based position in the deployment (what messages and {@code --resume} count)
 * @param kind     what it does; the fields it does not use are null
 * @param shell    {@link Kind#RUN}: a shell line, run by {@code /bin/sh -c}
 * @param argv     {@link Kind#EXEC}: program and arguments, no shell
 * @param content  {@link Kind#UPLOAD}: the text to write (or null, with {@code from})
 * @param from     {@link Kind#DOWNLOAD}: the path in the instance; {@link Kind#UPLOAD}: a local file to copy, or null
 * @param to       {@link Kind#UPLOAD}: the path in the instance; {@link Kind#DOWNLOAD}: the local file
 * @param store    a key of the shared store that receives the step's trimmed stdout, or null
 */
public record Step(int number, String name, Kind kind, String shell, List<String> argv, Map<String, String> env,
                   String workdir, Duration timeout, int expectExit, String content, String from, String to,
                   String store, boolean continueOnError) {

    /** The kinds of step; each is one field of the step in the file. */
    public enum Kind {
        RUN("run"), EXEC("exec"), UPLOAD("upload"), DOWNLOAD("download");

        public final String field;

        Kind(String field) {
            this.field = field;
        }
    }

    /** "step 3 'join'", how messages name it. */
    public String label() {
        return "step " + number + " '" + name + "'";
    }
}

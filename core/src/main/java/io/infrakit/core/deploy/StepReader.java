package io.infrakit.core.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.infrakit.core.spec.InvalidSpecException;
import io.infrakit.core.spec.SpecDocuments;
import io.infrakit.core.spec.SpecTemplate;
import io.infrakit.spi.GoDuration;
import io.infrakit.spi.Suggestions;
import io.infrakit.spi.metadata.VarPaths;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Reads and checks one step of a deployment (for {@link DeploymentReader}); problems go to the shared {@link SpecChecks}. */
final class StepReader {

    static final Set<String> STEP = Set.of("name", "run", "exec", "upload", "download", "env", "workdir", "timeout",
            "expectExit", "store", "continueOnError");
    static final Set<String> UPLOAD = Set.of("to", "content", "from");
    static final Set<String> DOWNLOAD = Set.of("from", "to");
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);
    /** Uploads are copied as files by plugins that can (InstanceFiles); others carry at most 64 KiB in a command line. */
    static final int MAX_UPLOAD = io.infrakit.spi.instance.InstanceFiles.MAX_BYTES;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final SpecChecks checks;
    private final List<String> problems;

    StepReader(SpecChecks checks) {
        this.checks = checks;
        this.problems = checks.problems;
    }

    Step step(String deployment, int number, JsonNode node, Set<String> produced, Predicate<String> storeHas) {
        String where = deployment + " step " + number;
        if (!node.isObject()) {
            problems.add(where + " is not an object: give run, exec, upload or download");
            return null;
        }
        String name = checks.text(node, "name", where);
        if (name == null) {
            name = "step " + number;
        } else {
            where = where + " '" + name + "'";
        }
        unknownStepFields(where, node);
        List<Step.Kind> kinds = new ArrayList<>();
        for (Step.Kind k : Step.Kind.values()) {
            if (node.has(k.field)) {
                kinds.add(k);
            }
        }
        if (kinds.size() != 1) {
            problems.add(where + (kinds.isEmpty() ? ": no command: give one of run (a shell line), exec (program and arguments), upload or download"
                    : ": has " + kinds.stream().map(k -> k.field).toList() + ": a step does one of run, exec, upload or download"));
            return null;
        }
        Step.Kind kind = kinds.getFirst();
        String shell = null;
        List<String> argv = null;
        String content = null;
        String from = null;
        String to = null;
        switch (kind) {
            case RUN -> {
                shell = checks.text(node, "run", where);
                if (shell == null || shell.isBlank()) {
                    problems.add(where + ": 'run' is empty: give a shell line, e.g. run: apk add curl");
                }
            }
            case EXEC -> {
                JsonNode a = node.get("exec");
                argv = new ArrayList<>();
                if (a.isArray()) {
                    for (JsonNode x : a) {
                        if (x.isValueNode() && !x.isNull()) {
                            argv.add(x.asText());
                        } else {
                            problems.add(where + ": 'exec' holds " + x + ": each item is a string");
                        }
                    }
                }
                if (!a.isArray() || argv.isEmpty() || argv.getFirst().isBlank()) {
                    problems.add(where + ": 'exec' must be a non-empty list: the program and its arguments, e.g. [cat, /etc/os-release]");
                }
            }
            case UPLOAD -> {
                JsonNode u = node.get("upload");
                checks.unknown(where + " 'upload'", u, UPLOAD);
                to = checks.text(u, "to", where + " 'upload'");
                content = checks.text(u, "content", where + " 'upload'");
                from = checks.text(u, "from", where + " 'upload'");
                if (to == null || to.isBlank()) {
                    problems.add(where + ": 'upload.to' is missing: give the path in the instance");
                }
                if (content != null && from != null) {
                    problems.add(where + ": 'upload' has both 'content' and 'from': give the text, or a local file to copy");
                } else if (content == null && from == null) {
                    problems.add(where + ": 'upload.content' is missing: give the text to write (or 'from', a local file to copy)");
                } else if (from != null) {
                    localFile(where, from);
                } else if (content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_UPLOAD) {
                    problems.add(where + ": 'upload.content' is " + content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                            + " bytes; at most " + MAX_UPLOAD + " (8 MiB) are copied: put larger files in the base image");
                }
            }
            case DOWNLOAD -> {
                JsonNode dl = node.get("download");
                checks.unknown(where + " 'download'", dl, DOWNLOAD);
                from = checks.text(dl, "from", where + " 'download'");
                to = checks.text(dl, "to", where + " 'download'");
                if (from == null || from.isBlank()) {
                    problems.add(where + ": 'download.from' is missing: give the path in the instance");
                }
                if (to == null || to.isBlank()) {
                    problems.add(where + ": 'download.to' is missing: give the local file to write");
                }
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = node.get("env");
        if (e != null && !e.isNull()) {
            if (!e.isObject()) {
                problems.add(where + ": 'env' must be a map of NAME: value");
            } else {
                String at = where;
                e.fields().forEachRemaining(f -> {
                    if (!ENV_NAME.matcher(f.getKey()).matches()) {
                        problems.add(at + ": 'env' name '" + f.getKey() + "' is not valid: letters, digits and '_', not first a digit");
                    } else if (!f.getValue().isValueNode() || f.getValue().isNull()) {
                        problems.add(at + ": 'env." + f.getKey() + "' must be a string");
                    } else {
                        env.put(f.getKey(), f.getValue().asText());
                    }
                });
            }
        }
        String workdir = checks.text(node, "workdir", where);
        Duration timeout = DEFAULT_TIMEOUT;
        String t = checks.text(node, "timeout", where);
        if (t != null) {
            try {
                timeout = GoDuration.parse(t);
                if (timeout.isZero() || timeout.isNegative()) {
                    throw new IllegalArgumentException("it is not positive");
                }
            } catch (IllegalArgumentException ex) {
                problems.add(where + ": 'timeout' '" + t + "' is not a duration: write e.g. 30s, 5m or 1h30m");
            }
        }
        int expectExit = 0;
        if (node.has("expectExit")) {
            JsonNode x = node.get("expectExit");
            if (!x.isIntegralNumber() || x.asInt() < 0 || x.asInt() > 255) {
                problems.add(where + ": 'expectExit' is " + x + ": give an exit code from 0 to 255");
            } else {
                expectExit = x.asInt();
            }
        }
        boolean continueOnError = false;
        if (node.has("continueOnError")) {
            if (!node.get("continueOnError").isBoolean()) {
                problems.add(where + ": 'continueOnError' is " + node.get("continueOnError") + ": give true or false");
            } else {
                continueOnError = node.get("continueOnError").asBoolean();
            }
        }
        String store = checks.text(node, "store", where);
        if (store != null) {
            try {
                store = VarPaths.key(store);
            } catch (IllegalArgumentException ex) {
                problems.add(where + ": 'store': " + ex.getMessage());
                store = null;
            }
            if (store != null && kind == Step.Kind.UPLOAD) {
                problems.add(where + ": 'store' keeps a command's output; an upload prints none");
            }
        }
        // Templates are checked against what exists before this step: a step cannot use its own output.
        List<String> texts = new ArrayList<>();
        if (shell != null) {
            texts.add(shell);
        }
        if (argv != null) {
            texts.addAll(argv);
        }
        texts.addAll(env.values());
        for (String s : new String[]{workdir, content, from, to}) {
            if (s != null) {
                texts.add(s);
            }
        }
        for (String s : texts) {
            checks.checkTemplates(where, s, produced, storeHas);
        }
        if (store != null) {
            produced.add(store);
        }
        return new Step(number, name, kind, shell, argv, Map.copyOf(env), workdir, timeout, expectExit, content, from, to,
                store, continueOnError);
    }

    /** An upload's local file, unless a template names it (then it is checked when the step runs). */
    private void localFile(String where, String from) {
        if (from.isBlank()) {
            problems.add(where + ": 'upload.from' is empty: give a local file to copy");
            return;
        }
        if (from.contains("{{")) {
            return;
        }
        java.nio.file.Path p = java.nio.file.Path.of(from);
        try {
            if (!java.nio.file.Files.isRegularFile(p)) {
                problems.add(where + ": 'upload.from' '" + from + "' is not a file on this machine");
            } else if (java.nio.file.Files.size(p) > MAX_UPLOAD) {
                problems.add(where + ": 'upload.from' '" + from + "' has " + java.nio.file.Files.size(p) + " bytes; at most " + MAX_UPLOAD
                        + " (8 MiB) are copied: put larger files in the base image");
            }
        } catch (java.io.IOException e) {
            problems.add(where + ": 'upload.from' '" + from + "' cannot be read: " + e.getMessage());
        }
    }

    /** Unknown step fields read as unknown step kinds, since a step's kind is its one command field. */
    private void unknownStepFields(String where, JsonNode node) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!STEP.contains(f)) {
                problems.add(where + ": unknown step kind or field '" + f + "'" + Suggestions.closest(f, STEP, 2)
                        .map(s -> ": did you mean '" + s + "'?")
                        .orElse(": a step does one of run, exec, upload or download, with env, workdir, timeout, expectExit, store, continueOnError"));
            }
        }
    }
}

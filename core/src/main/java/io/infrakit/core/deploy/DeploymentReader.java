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

/**
 * Reads a deployment file ({@code kind: deployment}, YAML or JSON) and checks all of it before
 * anything is created: field names, step kinds, commands, durations, keys, and every key a
 * template refers to (set in the store already, or stored by an earlier step or template output).
 * Every problem is reported at once, each naming the deployment, the step and the field.
 */
public final class DeploymentReader {

    static final Set<String> TOP = Set.of("kind", "name", "deployments");
    static final Set<String> DEPLOYMENT = Set.of("name", "plugin", "properties", "count", "output", "template", "steps");
    static final Set<String> STEP = Set.of("name", "run", "exec", "upload", "download", "env", "workdir", "timeout",
            "expectExit", "store", "continueOnError");
    static final Set<String> UPLOAD = Set.of("to", "content");
    static final Set<String> DOWNLOAD = Set.of("from", "to");
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);
    /** Uploads travel inside a command line: keep them well under the smallest ARG_MAX we meet. */
    static final int MAX_UPLOAD = 64 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Variables a step's templates may use besides {@code var}. */
    static final Set<String> STEP_VARIABLES = Set.of("deployment", "instance", "index");

    private final List<String> problems = new ArrayList<>();

    private DeploymentReader() {
    }

    /**
     * Reads {@code name} ({@code -} is stdin). {@code storeHas} says whether a key is set in the
     * shared store now (keys stored by the file's own steps need not be).
     */
    public static DeploymentFile read(String name, InputStream stdin, Predicate<String> storeHas) {
        SpecDocuments.Source source = SpecDocuments.readOne(name, stdin);
        List<JsonNode> docs = SpecDocuments.parse(source.name(), source.text());
        if (docs.size() != 1) {
            throw new InvalidSpecException(source.name() + ": holds " + docs.size() + " documents; a deployment file is one document with a list 'deployments'");
        }
        String base = java.nio.file.Path.of(name.equals("-") ? "stdin" : name).getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        return parse(source.name(), docs.getFirst(), base, storeHas);
    }

    /** Checks one parsed document; throws {@link InvalidSpecException} with every problem. */
    public static DeploymentFile parse(String source, JsonNode doc, String defaultName, Predicate<String> storeHas) {
        DeploymentReader r = new DeploymentReader();
        DeploymentFile f = r.file(source, doc, defaultName, storeHas);
        if (!r.problems.isEmpty()) {
            throw new InvalidSpecException(r.problems.stream().map(p -> source + ": " + p).toList());
        }
        return f;
    }

    private DeploymentFile file(String source, JsonNode doc, String defaultName, Predicate<String> storeHas) {
        if (doc == null || !doc.isObject()) {
            problems.add("the file is not an object: write kind: deployment and a list 'deployments'");
            return null;
        }
        unknown("the file", doc, TOP);
        String kind = doc.path("kind").asText("");
        if (!kind.equals("deployment")) {
            problems.add("'kind' is '" + kind + "': a deployment file says kind: deployment");
        }
        String fileName = text(doc, "name", "the file");
        if (fileName == null) {
            fileName = defaultName;
        } else if (!NAME.matcher(fileName).matches()) {
            problems.add("'name' '" + fileName + "' is not valid: use letters, digits, '.', '_' and '-'");
        }
        JsonNode list = doc.get("deployments");
        List<Deployment> deployments = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add("'deployments' is missing or empty: give a list of deployments, each with name, plugin and steps");
            return new DeploymentFile(fileName, source, deployments);
        }
        Set<String> names = new HashSet<>();
        Set<String> produced = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Deployment d = deployment(i, list.get(i), names, produced, storeHas);
            if (d != null) {
                deployments.add(d);
            }
        }
        return new DeploymentFile(fileName, source, deployments);
    }

    private Deployment deployment(int i, JsonNode node, Set<String> names, Set<String> produced, Predicate<String> storeHas) {
        String where = "deployment " + (i + 1);
        if (!node.isObject()) {
            problems.add(where + " is not an object: give name, plugin, properties and steps");
            return null;
        }
        String name = text(node, "name", where);
        if (name == null) {
            problems.add(where + ": 'name' is missing: give each deployment a name, e.g. swarm-manager");
            name = "#" + (i + 1);
        } else if (!NAME.matcher(name).matches()) {
            problems.add(where + ": 'name' '" + name + "' is not valid: use letters, digits, '.', '_' and '-'");
        } else if (!names.add(name)) {
            problems.add(where + ": 'name' '" + name + "' is used by an earlier deployment: names must be unique");
        }
        where = "deployment '" + name + "'";
        unknown(where, node, DEPLOYMENT);
        String plugin = text(node, "plugin", where);
        if (plugin == null || plugin.isBlank()) {
            problems.add(where + ": 'plugin' is missing: name the instance plugin, e.g. docker or libvirt");
        }
        JsonNode properties = node.get("properties");
        if (properties == null || properties.isNull()) {
            properties = JsonNodeFactory.instance.objectNode();
        } else if (!properties.isObject()) {
            problems.add(where + ": 'properties' must be an object: the instance plugin's properties (the image or base template)");
        }
        int count = 1;
        if (node.has("count")) {
            JsonNode c = node.get("count");
            if (!c.canConvertToInt() || !c.isIntegralNumber() || c.asInt() < 1 || c.asInt() > 100) {
                problems.add(where + ": 'count' is " + c + ": give a whole number from 1 to 100");
            } else {
                count = c.asInt();
            }
        }
        Deployment.Output output = Deployment.Output.INSTANCE;
        String out = text(node, "output", where);
        if (out != null) {
            switch (out) {
                case "instance" -> output = Deployment.Output.INSTANCE;
                case "template" -> output = Deployment.Output.TEMPLATE;
                default -> problems.add(where + ": 'output' is '" + out + "': use instance (keep it running) or template (turn it into a template)");
            }
        }
        JsonNode template = node.get("template");
        if (template != null && !template.isNull()) {
            if (!template.isObject()) {
                problems.add(where + ": 'template' must be an object, e.g. {Repository: myapp, Tag: built}");
            } else if (output != Deployment.Output.TEMPLATE) {
                problems.add(where + ": 'template' is given but 'output' is instance: write output: template, or drop 'template'");
            }
        }
        if (output == Deployment.Output.TEMPLATE && count != 1) {
            problems.add(where + ": 'count' is " + count + " with output: template: a template is built from one instance; use count: 1");
        }
        for (String text : strings(properties, new ArrayList<>())) {
            checkTemplates(where + " 'properties'", text, produced, storeHas);
        }
        if (template != null && template.isObject()) {
            for (String text : strings(template, new ArrayList<>())) {
                checkTemplates(where + " 'template'", text, produced, storeHas);
            }
        }

        List<Step> steps = new ArrayList<>();
        JsonNode list = node.get("steps");
        if (list != null && !list.isNull() && !list.isArray()) {
            problems.add(where + ": 'steps' must be a list");
        } else if (list != null) {
            for (int s = 0; s < list.size(); s++) {
                Step step = step(where, s + 1, list.get(s), produced, storeHas);
                if (step != null) {
                    steps.add(step);
                }
            }
        }
        Deployment d = new Deployment(name, plugin, properties, count, output, template, steps);
        if (output == Deployment.Output.TEMPLATE) {
            produced.add(d.templateKey());
        }
        return d;
    }

    private Step step(String deployment, int number, JsonNode node, Set<String> produced, Predicate<String> storeHas) {
        String where = deployment + " step " + number;
        if (!node.isObject()) {
            problems.add(where + " is not an object: give run, exec, upload or download");
            return null;
        }
        String name = text(node, "name", where);
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
                shell = text(node, "run", where);
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
                unknown(where + " 'upload'", u, UPLOAD);
                to = text(u, "to", where + " 'upload'");
                content = text(u, "content", where + " 'upload'");
                if (to == null || to.isBlank()) {
                    problems.add(where + ": 'upload.to' is missing: give the path in the instance");
                }
                if (content == null) {
                    problems.add(where + ": 'upload.content' is missing: give the text to write");
                } else if (content.length() > MAX_UPLOAD) {
                    problems.add(where + ": 'upload.content' is " + content.length() + " characters; at most " + MAX_UPLOAD
                            + " travel in a command: put larger files in the base image");
                }
            }
            case DOWNLOAD -> {
                JsonNode dl = node.get("download");
                unknown(where + " 'download'", dl, DOWNLOAD);
                from = text(dl, "from", where + " 'download'");
                to = text(dl, "to", where + " 'download'");
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
        String workdir = text(node, "workdir", where);
        Duration timeout = DEFAULT_TIMEOUT;
        String t = text(node, "timeout", where);
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
        String store = text(node, "store", where);
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
            checkTemplates(where, s, produced, storeHas);
        }
        if (store != null) {
            produced.add(store);
        }
        return new Step(number, name, kind, shell, argv, Map.copyOf(env), workdir, timeout, expectExit, content, from, to,
                store, continueOnError);
    }

    /** Template syntax, variables and keys: rendered once with stand-ins, so mistakes show now and not at step 7. */
    private void checkTemplates(String where, String text, Set<String> produced, Predicate<String> storeHas) {
        for (String key : SpecTemplate.varReferences(text)) {
            String canonical;
            try {
                canonical = VarPaths.key(key);
            } catch (IllegalArgumentException ex) {
                problems.add(where + ": " + ex.getMessage());
                continue;
            }
            if (!produced.contains(canonical) && !storeHas.test(canonical)) {
                problems.add(where + ": refers to key '" + canonical + "', which is not set and no earlier step stores: "
                        + "add store: " + canonical + " to an earlier step, or set it with infrakit vars set " + canonical + " VALUE");
            }
        }
        try {
            new SpecTemplate(key -> Optional.of("")).render(where, text, Map.of("deployment", "", "instance", "", "index", 0));
        } catch (InvalidSpecException ex) {
            problems.addAll(ex.problems());
        }
    }

    /** Every string value in {@code node}, each rendered on its own at run time. */
    private static List<String> strings(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.asText());
        }
        node.forEach(child -> strings(child, into));
        return into;
    }

    private String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            problems.add(where + ": '" + field + "' must be a string, not " + (v.isArray() ? "a list" : "an object"));
            return null;
        }
        return v.asText();
    }

    private void unknown(String where, JsonNode node, Set<String> known) {
        if (node == null || !node.isObject()) {
            if (node != null) {
                problems.add(where + " must be an object with " + String.join(", ", new java.util.TreeSet<>(known)));
            }
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                problems.add(where + ": unknown field '" + f + "'" + Suggestions.closest(f, known, 2).map(s -> ": did you mean '" + s + "'?")
                        .orElse(": known fields are " + String.join(", ", new java.util.TreeSet<>(known))));
            }
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

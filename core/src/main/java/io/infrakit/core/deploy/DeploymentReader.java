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
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    /** Variables a step's templates may use besides {@code var}. */
    static final Set<String> STEP_VARIABLES = Set.of("deployment", "instance", "index");

    private final SpecChecks checks = new SpecChecks();
    private final List<String> problems = checks.problems;

    private DeploymentReader() {
    }

    /**
     * Reads {@code name} ({@code -} is stdin). {@code storeHas} says whether a key is set in the
     * shared store now (keys stored by the file's own steps need not be).
     */
    public static DeploymentFile read(String name, InputStream stdin, Predicate<String> storeHas) {
        return fromSource(name, SpecDocuments.readOne(name, stdin), storeHas);
    }

    /** Same, with the text read already (a daemon running the command for a thin client gets it from the client). */
    public static DeploymentFile fromSource(String name, SpecDocuments.Source source, Predicate<String> storeHas) {
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
        checks.unknown("the file", doc, TOP);
        String kind = doc.path("kind").asText("");
        if (!kind.equals("deployment")) {
            problems.add("'kind' is '" + kind + "': a deployment file says kind: deployment");
        }
        String fileName = checks.text(doc, "name", "the file");
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
        String name = checks.text(node, "name", where);
        if (name == null) {
            problems.add(where + ": 'name' is missing: give each deployment a name, e.g. swarm-manager");
            name = "#" + (i + 1);
        } else if (!NAME.matcher(name).matches()) {
            problems.add(where + ": 'name' '" + name + "' is not valid: use letters, digits, '.', '_' and '-'");
        } else if (!names.add(name)) {
            problems.add(where + ": 'name' '" + name + "' is used by an earlier deployment: names must be unique");
        }
        where = "deployment '" + name + "'";
        checks.unknown(where, node, DEPLOYMENT);
        String plugin = checks.text(node, "plugin", where);
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
        String out = checks.text(node, "output", where);
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
        for (String text : SpecChecks.strings(properties, new ArrayList<>())) {
            checks.checkTemplates(where + " 'properties'", text, produced, storeHas);
        }
        if (template != null && template.isObject()) {
            for (String text : SpecChecks.strings(template, new ArrayList<>())) {
                checks.checkTemplates(where + " 'template'", text, produced, storeHas);
            }
        }

        List<Step> steps = new ArrayList<>();
        JsonNode list = node.get("steps");
        if (list != null && !list.isNull() && !list.isArray()) {
            problems.add(where + ": 'steps' must be a list");
        } else if (list != null) {
            for (int s = 0; s < list.size(); s++) {
                Step step = new StepReader(checks).step(where, s + 1, list.get(s), produced, storeHas);
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
}

package io.infrakit.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.group.GroupSpec;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one reader of group spec files, for every command that takes them ({@code up}, {@code apply},
 * {@code plan}, {@code group commit}): the text goes through {@link SpecTemplate}, then
 * {@link SpecDocuments} (JSON or YAML, several documents commit several groups), in InfraKit's
 * legacy shape {@code {"ID": ..., "Properties": {...}}} or its newer shape {@code kind: group /
 * metadata.name / properties}; each group is checked by {@link GroupSpecValidator}. Every problem
 * is collected and reported at once; one bad document refuses the whole set.
 */
public final class SpecReader {

    private static final Set<String> NEW_SHAPE = Set.of("kind", "version", "metadata", "properties", "options", "template", "depends");
    private static final Set<String> LEGACY_SHAPE = Set.of("ID", "Properties");
    private static final Set<String> METADATA = Set.of("name", "tags", "id");

    private final Map<String, String> variables;
    private final PluginCatalog plugins;
    private final SpecSources sources;
    private final SpecTemplate template;
    private final GroupSpecValidator validator;

    /**
     * @param variables template variables (environment plus {@code --var}, the latter winning)
     * @param plugins   where plugin names are checked, or null to skip that check
     */
    public SpecReader(Map<String, String> variables, PluginCatalog plugins) {
        this(variables, plugins, SpecSources.LOCAL);
    }

    /** As above, reading files through {@code sources} (a thin client's files, read on its side). */
    public SpecReader(Map<String, String> variables, PluginCatalog plugins, SpecSources sources) {
        this(variables, plugins, sources, new GroupSpecValidator());
    }

    /** As above, checking with {@code validator} (its size ceiling: {@code --allow-large} lifts it). */
    public SpecReader(Map<String, String> variables, PluginCatalog plugins, SpecSources sources, GroupSpecValidator validator) {
        this(variables, plugins, sources, validator, new SpecTemplate());
    }

    private SpecReader(Map<String, String> variables, PluginCatalog plugins, SpecSources sources, GroupSpecValidator validator,
                       SpecTemplate template) {
        this.variables = Map.copyOf(variables);
        this.plugins = plugins;
        this.sources = sources;
        this.validator = validator;
        this.template = template;
    }

    /** A copy whose {@code {{ var "PATH" }}} reads {@code vars} (the manager's shared key/value store). */
    public SpecReader withVars(java.util.function.Function<String, java.util.Optional<String>> vars) {
        return new SpecReader(variables, plugins, sources, validator, new SpecTemplate(vars));
    }

    /** Environment variables overlaid with {@code --var} values. */
    public static Map<String, String> variables(Map<String, String> env, Map<String, String> vars) {
        Map<String, String> all = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k != null && v != null) {
                all.put(k, v);
            }
        });
        all.putAll(vars);
        return all;
    }

    /** Reads files and folders ({@code -} is standard input) as one commit: group IDs must be unique across them. */
    public List<GroupSpec> readFiles(List<Path> files, InputStream stdin) {
        return read(files.stream().map(Path::toString).toList(), stdin);
    }

    /** As {@link #readFiles}, by name. */
    public List<GroupSpec> read(List<String> names, InputStream stdin) {
        List<GroupSpec> all = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (SpecDocuments.Source source : sources.read(names, stdin)) {
            try {
                for (GroupSpec spec : parse(source.name(), source.text())) {
                    String before = seen.putIfAbsent(spec.id(), source.name());
                    if (before != null) {
                        problems.add(source.name() + ": group '" + spec.id() + "' is also defined in " + before + ": give each group one spec");
                    } else {
                        all.add(spec);
                    }
                }
            } catch (InvalidSpecException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return all;
    }

    /** Parses one file's text; {@code source} names it in errors. */
    public List<GroupSpec> parse(String source, String text) {
        String rendered = template.render(source, text, variables);
        List<JsonNode> docs = unwrap(SpecDocuments.parse(source, rendered));
        List<String> problems = new ArrayList<>();
        List<GroupSpec> specs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode doc : docs) {
            index++;
            String where = docs.size() == 1 ? source : source + " (document " + index + ")";
            GroupSpec spec = toSpec(where, doc, problems);
            if (spec == null) {
                continue;
            }
            if (!ids.add(spec.id())) {
                problems.add(where + ": group '" + spec.id() + "' is defined twice in this file: give each group one spec");
                continue;
            }
            specs.add(spec);
        }
        if (problems.isEmpty() && specs.isEmpty()) {
            problems.add(source + ": no group spec found: write a document with kind: group, metadata.name and properties");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return specs;
    }

    /** InfraKit's old manager config: [{"Plugin": "group", "Properties": {"ID": ..., "Properties": ...}}]. */
    private static List<JsonNode> unwrap(List<JsonNode> docs) {
        List<JsonNode> unwrapped = new ArrayList<>();
        for (JsonNode d : docs) {
            boolean wrapped = d.isObject() && d.has("Plugin") && d.path("Properties").has("ID");
            unwrapped.add(wrapped ? d.get("Properties") : d);
        }
        return unwrapped;
    }

    private GroupSpec toSpec(String where, JsonNode doc, List<String> problems) {
        if (!doc.isObject()) {
            problems.add(where + ": expected a group spec (a mapping with kind, metadata, properties), found " + JsonProblems.describe(doc));
            return null;
        }
        boolean legacy = doc.has("ID") || doc.has("Properties");
        boolean modern = doc.has("kind") || doc.has("metadata") || doc.has("properties");
        if (legacy && modern) {
            problems.add(where + ": mixes InfraKit's two shapes (ID/Properties and kind/metadata/properties): use one");
            return null;
        }
        if (!legacy && !modern) {
            problems.add(where + ": not a group spec: expected kind: group, metadata.name and properties"
                    + " (or InfraKit's legacy ID and Properties); found fields " + JsonProblems.fieldNames(doc));
            return null;
        }
        String id;
        JsonNode props;
        int before = problems.size();
        if (legacy) {
            unknownFields(where, "", doc, LEGACY_SHAPE, problems);
            JsonNode idNode = doc.get("ID");
            id = idNode != null && idNode.isTextual() ? idNode.asText() : null;
            if (idNode != null && !idNode.isNull() && !idNode.isTextual()) {
                problems.add(where + ": field ID: value " + idNode + " is not a string; write e.g. \"ID\": \"workers\"");
            } else if (id == null) {
                problems.add(where + ": ID is missing: name the group, e.g. \"ID\": \"workers\"");
            }
            props = doc.get("Properties");
        } else {
            unknownFields(where, "", doc, NEW_SHAPE, problems);
            String kind = doc.path("kind").asText("");
            if (!kind.equals("group")) {
                problems.add(where + ": kind is '" + kind + "': this manager serves kind: group");
            }
            JsonNode meta = doc.get("metadata");
            if (meta != null && meta.isObject()) {
                unknownFields(where, "metadata.", meta, METADATA, problems);
            }
            id = meta != null && meta.path("name").isTextual() ? meta.get("name").asText() : null;
            JsonNode nameNode = meta == null ? null : meta.get("name");
            if (nameNode != null && !nameNode.isNull() && !nameNode.isTextual()) {
                problems.add(where + ": field metadata.name: value " + nameNode + " is not a string; write e.g. metadata: {name: workers}");
            } else if (id == null) {
                problems.add(where + ": metadata.name is missing: name the group, e.g. metadata: {name: workers}");
            }
            props = doc.get("properties");
        }
        if (id != null) {
            String label = where + ", group '" + GroupSpecValidator.shownId(id) + "'";
            validator.check(label, legacy ? "Properties" : "properties", id, props, problems);
            checkPlugins(label, legacy ? "Properties" : "properties", props, problems);
        }
        return problems.size() == before ? new GroupSpec(id, props) : null;
    }

    /** Plugin names that are not running (only where the caller can see the plugins). */
    private void checkPlugins(String label, String base, JsonNode props, List<String> problems) {
        if (plugins == null || props == null || !props.isObject()) {
            return;
        }
        for (String section : List.of("Instance", "Flavor")) {
            String plugin = props.path(section).path("Plugin").asText("");
            if (!plugin.isBlank() && !plugins.exists(plugin)) {
                problems.add(label + ": " + base + "." + section + ".Plugin '" + plugin + "' is not a known plugin"
                        + " (known: " + (plugins.known().isEmpty() ? "none running" : String.join(", ", plugins.known()))
                        + "): start it (infrakit plugin start KIND) or fix the name");
            }
        }
    }

    private static void unknownFields(String where, String prefix, JsonNode node, Set<String> allowed, List<String> problems) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                String hint = JsonProblems.suggest(f, allowed);
                problems.add(where + ": unknown field " + prefix + f + (hint == null ? "" : ": did you mean " + prefix + hint + "?")
                        + " (known here: " + allowed.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
    }
}

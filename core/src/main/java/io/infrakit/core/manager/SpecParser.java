package io.infrakit.core.manager;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.infrakit.spi.group.GroupProperties;
import io.infrakit.spi.group.GroupSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads group spec files: JSON or YAML (several YAML documents commit several groups), in
 * InfraKit's legacy shape {@code {"ID": ..., "Properties": {...}}} or its newer shape
 * {@code kind: group / metadata.name / properties}. The text goes through {@link SpecTemplate}
 * first. Every problem is collected and reported at once; one bad document refuses the file.
 */
public final class SpecParser {

    /** Says whether a plugin name ({@code simulator/compute}) can be reached. */
    public interface PluginCatalog {
        boolean exists(String pluginName);

        /** The names that exist, for the error message. */
        Collection<String> known();
    }

    private static final Set<String> NEW_SHAPE = Set.of("kind", "version", "metadata", "properties", "options", "template", "depends");
    private static final Set<String> LEGACY_SHAPE = Set.of("ID", "Properties");
    private static final Set<String> METADATA = Set.of("name", "tags", "id");
    private static final List<String> PROPERTY_SECTIONS = List.of("Instance", "Flavor", "Allocation", "Updating");

    private final Map<String, String> variables;
    private final PluginCatalog plugins;
    private final SpecTemplate template = new SpecTemplate();
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper strict = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /**
     * @param variables template variables (environment plus {@code --var}, the latter winning)
     * @param plugins   where plugin names are checked, or null to skip that check
     */
    public SpecParser(Map<String, String> variables, PluginCatalog plugins) {
        this.variables = Map.copyOf(variables);
        this.plugins = plugins;
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

    /** Parses several files as one commit: group IDs must be unique across them. */
    public List<GroupSpec> parseFiles(List<Path> files) {
        List<GroupSpec> all = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                problems.add(file + ": cannot read: " + e.getMessage());
                continue;
            }
            try {
                for (GroupSpec spec : parse(file.toString(), text)) {
                    String before = seen.putIfAbsent(spec.id(), file.toString());
                    if (before != null) {
                        problems.add(file + ": group '" + spec.id() + "' is also defined in " + before + ": give each group one spec");
                    } else {
                        all.add(spec);
                    }
                }
            } catch (SpecFileException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecFileException(problems);
        }
        return all;
    }

    /** Parses one file's text; {@code source} names it in errors. */
    public List<GroupSpec> parse(String source, String text) {
        String rendered = template.render(source, text, variables);
        List<JsonNode> docs = readDocuments(source, rendered);
        List<String> problems = new ArrayList<>();
        List<GroupSpec> specs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode doc : docs) {
            index++;
            String where = docs.size() == 1 ? source : source + " (document " + index + ")";
            if (doc == null || doc.isNull() || doc.isMissingNode()) {
                continue;
            }
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
            throw new SpecFileException(problems);
        }
        return specs;
    }

    private List<JsonNode> readDocuments(String source, String text) {
        String trimmed = text.stripLeading();
        boolean isJson = trimmed.startsWith("{") || trimmed.startsWith("[");
        List<JsonNode> docs = new ArrayList<>();
        try {
            if (isJson) {
                JsonNode root = json.readTree(text);
                if (root != null && root.isArray()) {
                    root.forEach(docs::add);
                } else {
                    docs.add(root);
                }
            } else {
                try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(text)) {
                    while (it.hasNextValue()) {
                        docs.add(it.nextValue());
                    }
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String at = loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            throw new SpecFileException(source + at + ": " + (isJson ? "JSON" : "YAML") + " syntax error: "
                    + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new SpecFileException(source + ": cannot read: " + e.getMessage());
        }
        // InfraKit's old manager config: [{"Plugin": "group", "Properties": {"ID": ..., "Properties": ...}}]
        List<JsonNode> unwrapped = new ArrayList<>();
        for (JsonNode d : docs) {
            if (d != null && d.isObject() && d.has("Plugin") && d.path("Properties").has("ID")) {
                unwrapped.add(d.get("Properties"));
            } else {
                unwrapped.add(d);
            }
        }
        return unwrapped;
    }

    private GroupSpec toSpec(String where, JsonNode doc, List<String> problems) {
        if (!doc.isObject()) {
            problems.add(where + ": expected a group spec (a mapping with kind, metadata, properties), found " + describe(doc));
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
                    + " (or InfraKit's legacy ID and Properties); found fields " + fieldNames(doc));
            return null;
        }
        String id;
        JsonNode props;
        int before = problems.size();
        if (legacy) {
            unknownFields(where, "", doc, LEGACY_SHAPE, problems);
            id = doc.path("ID").isTextual() ? doc.get("ID").asText() : null;
            if (id == null) {
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
            if (id == null) {
                problems.add(where + ": metadata.name is missing: name the group, e.g. metadata: {name: workers}");
            }
            props = doc.get("properties");
        }
        String label = id == null ? where : where + ", group '" + id + "'";
        if (id != null) {
            checkId(label, id, problems);
        }
        String propsName = legacy ? "Properties" : "properties";
        if (props == null || !props.isObject()) {
            problems.add(label + ": " + propsName + " is " + (props == null ? "missing" : describe(props))
                    + ": give the group's Instance, Flavor and Allocation");
        } else {
            checkProperties(label, propsName, (ObjectNode) props, problems);
        }
        return problems.size() == before ? new GroupSpec(id, props) : null;
    }

    /** Validates one group's properties (also used for specs that arrive over RPC). */
    public List<String> validateProperties(String groupId, JsonNode props) {
        List<String> problems = new ArrayList<>();
        checkId("group '" + groupId + "'", groupId, problems);
        if (props == null || !props.isObject()) {
            problems.add("group '" + groupId + "': Properties is " + (props == null ? "missing" : describe(props))
                    + ": give the group's Instance, Flavor and Allocation");
        } else {
            checkProperties("group '" + groupId + "'", "Properties", (ObjectNode) props, problems);
        }
        return problems;
    }

    private static void checkId(String label, String id, List<String> problems) {
        if (id == null || id.isBlank()) {
            problems.add(label + ": Group ID must not be blank");
        } else if (!id.matches("[^\\s/]+")) {
            problems.add(label + ": group name '" + id + "' has spaces or '/': use letters, digits, '-', '_' or '.'");
        }
    }

    private void checkProperties(String label, String base, ObjectNode props, List<String> problems) {
        try {
            strict.treeToValue(props, GroupProperties.class);
        } catch (UnrecognizedPropertyException e) {
            String field = e.getPropertyName();
            String path = base + "." + pathOf(e);
            List<String> known = e.getKnownPropertyIds() == null ? List.of()
                    : e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            String hint = suggest(field, known);
            problems.add(label + ": unknown field " + path + (hint == null ? "" : ": did you mean " + hint + "?")
                    + " (known here: " + String.join(", ", known) + ")");
        } catch (JsonMappingException e) {
            problems.add(label + ": " + base + "." + pathOf(e) + ": " + firstLine(e.getOriginalMessage()));
            return; // a wrong type makes the checks below meaningless
        } catch (JsonProcessingException e) {
            problems.add(label + ": " + base + ": " + firstLine(e.getOriginalMessage()));
            return;
        }
        for (String section : List.of("Instance", "Flavor")) {
            JsonNode s = props.get(section);
            if (s == null || s.isNull()) {
                problems.add(label + ": " + base + "." + section + " is missing: give its Plugin (e.g. "
                        + (section.equals("Instance") ? "simulator/compute" : "vanilla") + ") and Properties");
                continue;
            }
            String plugin = s.path("Plugin").asText("");
            if (plugin.isBlank()) {
                problems.add(label + ": " + base + "." + section + ".Plugin is missing: name the plugin, e.g. "
                        + (section.equals("Instance") ? "simulator/compute" : "vanilla"));
            } else if (plugins != null && !plugins.exists(plugin)) {
                problems.add(label + ": " + base + "." + section + ".Plugin '" + plugin + "' is not a known plugin"
                        + " (known: " + (plugins.known().isEmpty() ? "none running" : String.join(", ", plugins.known()))
                        + "): start it (infrakit plugin start KIND) or fix the name");
            }
        }
        JsonNode alloc = props.get("Allocation");
        if (alloc == null || alloc.isNull()) {
            problems.add(label + ": " + base + ".Allocation is missing: set Allocation.Size (a number of instances)"
                    + " or Allocation.LogicalIDs (one instance per name)");
        } else {
            JsonNode size = alloc.get("Size");
            JsonNode ids = alloc.get("LogicalIDs");
            boolean hasIds = ids != null && ids.isArray() && !ids.isEmpty();
            if (size != null && size.asLong() < 0) {
                problems.add(label + ": " + base + ".Allocation.Size is " + size.asLong() + ": a size must be 0 or more");
            }
            if (size != null && size.asLong() != 0 && hasIds) {
                problems.add(label + ": " + base + ".Allocation has both Size (" + size.asLong() + ") and LogicalIDs "
                        + ids + ": set Size for interchangeable instances or LogicalIDs for named ones, not both");
            }
            if (hasIds) {
                Set<String> seen = new HashSet<>();
                for (JsonNode lid : ids) {
                    if (lid.asText("").isBlank()) {
                        problems.add(label + ": " + base + ".Allocation.LogicalIDs has a blank entry: every logical ID needs a name");
                    } else if (!seen.add(lid.asText())) {
                        problems.add(label + ": " + base + ".Allocation.LogicalIDs lists '" + lid.asText() + "' twice: logical IDs must be unique");
                    }
                }
            }
        }
        JsonNode count = props.path("Updating").get("Count");
        if (count != null && count.asLong() < 0) {
            problems.add(label + ": " + base + ".Updating.Count is " + count.asLong() + ": it must be 0 or more");
        }
    }

    private static void unknownFields(String where, String prefix, JsonNode node, Set<String> allowed, List<String> problems) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                String hint = suggest(f, allowed);
                problems.add(where + ": unknown field " + prefix + f + (hint == null ? "" : ": did you mean " + prefix + hint + "?")
                        + " (known here: " + allowed.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
    }

    /** The closest known name (same letters ignoring case, or at most two edits away). */
    static String suggest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            if (k.equalsIgnoreCase(name)) {
                return k;
            }
            int d = distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "the text '" + node.asText() + "'";
        }
        return node.isArray() ? "a list" : node.isNumber() ? "the number " + node : node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Property section names, for help text. */
    public static List<String> sections() {
        return PROPERTY_SECTIONS;
    }
}

package io.infrakit.cli.group;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.infrakit.cli.BadInputException;
import io.infrakit.core.group.InvalidSpecException;
import io.infrakit.core.group.SpecParser;
import io.infrakit.spi.group.GroupSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads group specs from JSON or YAML: InfraKit's legacy shape {@code {"ID":..., "Properties":{...}}},
 * its newer {@code kind: group / metadata.name / properties} shape, a JSON array of either, or
 * several YAML documents. Each spec is checked here first, so that a bad file fails fast (exit 2)
 * without reaching the controller.
 */
final class GroupSpecFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GroupSpecFiles() {
    }

    static List<GroupSpec> read(String file, InputStream stdin) {
        String text;
        try {
            text = "-".equals(file) ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        List<JsonNode> docs = parse(file, text);
        if (docs.isEmpty()) {
            throw new BadInputException(file + ": empty; a group spec looks like {\"ID\": \"workers\", \"Properties\":"
                    + " {\"Allocation\": {\"Size\": 3}, \"Instance\": {...}, \"Flavor\": {...}}}");
        }
        List<GroupSpec> specs = new ArrayList<>();
        SpecParser parser = new SpecParser();
        for (JsonNode doc : docs) {
            GroupSpec spec = toSpec(file, doc);
            try {
                parser.parse(spec);
            } catch (InvalidSpecException e) {
                throw new BadInputException(file + ": " + e.getMessage());
            }
            specs.add(spec);
        }
        return specs;
    }

    private static List<JsonNode> parse(String file, String text) {
        String trimmed = text.stripLeading();
        boolean json = file.endsWith(".json") || trimmed.startsWith("{") || trimmed.startsWith("[");
        List<JsonNode> out = new ArrayList<>();
        try {
            if (json) {
                JsonNode tree = JSON.readTree(text);
                if (tree != null && tree.isArray()) {
                    tree.forEach(out::add);
                } else if (tree != null && !tree.isMissingNode() && !tree.isNull()) {
                    out.add(tree);
                }
            } else {
                YAMLMapper yaml = new YAMLMapper();
                try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(text)) {
                    while (it.hasNextValue()) {
                        JsonNode doc = it.nextValue();
                        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                            out.add(doc);
                        }
                    }
                }
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new BadInputException(file + ": not valid " + (json ? "JSON" : "YAML") + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        return out;
    }

    /** Accepts both of InfraKit's shapes; anything else is refused with the shapes it could be. */
    static GroupSpec toSpec(String file, JsonNode doc) {
        if (!doc.isObject()) {
            throw new BadInputException(file + ": a group spec is an object, not " + doc.getNodeType().name().toLowerCase());
        }
        if (doc.has("ID") || doc.has("Properties")) {
            JsonNode id = doc.get("ID");
            if (id != null && !id.isNull() && !id.isTextual()) {
                throw new BadInputException(file + ": field \"ID\" must be a string, not " + id);
            }
            return new GroupSpec(id == null || id.isNull() ? null : id.asText(), doc.get("Properties"));
        }
        if (doc.has("kind") || doc.has("metadata") || doc.has("properties")) {
            JsonNode kind = doc.get("kind");
            if (kind != null && !kind.asText().equals("group")) {
                throw new BadInputException(file + ": kind \"" + kind.asText() + "\" is not a group; use kind: group");
            }
            JsonNode name = doc.path("metadata").path("name");
            if (!name.isTextual()) {
                throw new BadInputException(file + ": metadata.name is missing; name the group, e.g. metadata: {name: workers}");
            }
            JsonNode props = doc.get("properties");
            return new GroupSpec(name.asText(), props == null ? null : props.deepCopy());
        }
        ObjectNode example = JSON.createObjectNode().put("ID", "workers");
        example.putObject("Properties");
        throw new BadInputException(file + ": not a group spec; write it as " + example
                + " (InfraKit's shape) or with kind: group, metadata: {name: ...}, properties: {...}");
    }
}

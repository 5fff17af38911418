package io.infrakit.cli.instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.infrakit.cli.BadInputException;
import io.infrakit.rpc.WireJson;
import io.infrakit.spi.instance.InstanceSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads InfraKit instance specs ({@code {Properties, Tags, Init, LogicalID, Attachments}}) from JSON or YAML. */
final class SpecFiles {

    static final String FIELDS = "Properties, Tags, Init, LogicalID, Attachments";

    private SpecFiles() {
    }

    /** Reads {@code file} ("-" = stdin); any problem is a {@link BadInputException} naming the file and field. */
    static InstanceSpec readInstanceSpec(String file, InputStream stdin) {
        String text;
        try {
            text = "-".equals(file) ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        JsonNode tree = parse(file, text);
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new BadInputException(file + ": empty; an instance spec is an object with " + FIELDS);
        }
        if (!tree.isObject()) {
            throw new BadInputException(file + ": an instance spec is an object with " + FIELDS + ", not " + tree.getNodeType().name().toLowerCase());
        }
        ObjectMapper strict = WireJson.create().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return strict.treeToValue(tree, InstanceSpec.class);
        } catch (UnrecognizedPropertyException e) {
            throw new BadInputException(file + ": unknown field \"" + e.getPropertyName() + "\"; an instance spec has "
                    + FIELDS + " (names are case-sensitive)");
        } catch (MismatchedInputException e) {
            throw new BadInputException(file + ": field \"" + path(e) + "\" must be " + expected(e.getTargetType()));
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ": " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode parse(String file, String text) {
        String trimmed = text.stripLeading();
        boolean json = file.endsWith(".json") || trimmed.startsWith("{") || trimmed.startsWith("[");
        try {
            return json ? WireJson.mapper().readTree(text) : new YAMLMapper().readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new BadInputException(file + ": not valid " + (json ? "JSON" : "YAML") + where + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "a map of strings (e.g. Tags: {role: web})";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list (e.g. Attachments: [{ID: vol-1, Type: disk}])";
        }
        if (type == String.class) {
            return "a string";
        }
        return "a " + type.getSimpleName();
    }
}

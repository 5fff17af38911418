package io.infrakit.cli.instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.infrakit.cli.BadInputException;
import io.infrakit.core.spec.InvalidSpecException;
import io.infrakit.core.spec.JsonProblems;
import io.infrakit.core.spec.SpecDocuments;
import io.infrakit.rpc.WireJson;
import io.infrakit.spi.instance.InstanceSpec;

import java.io.InputStream;
import java.util.List;

/** Reads InfraKit instance specs ({@code {Properties, Tags, Init, LogicalID, Attachments}}) from JSON or YAML. */
final class SpecFiles {

    static final String FIELDS = "Properties, Tags, Init, LogicalID, Attachments";

    private SpecFiles() {
    }

    /** Reads {@code file} ("-" = stdin); any problem is a {@link BadInputException} naming the file and field. */
    static InstanceSpec readInstanceSpec(String file, InputStream stdin) {
        JsonNode tree;
        try {
            // The same reading as group specs: a file or stdin, JSON or YAML.
            String text = SpecDocuments.readOne(file, stdin).text();
            List<JsonNode> docs = SpecDocuments.parse(file, text);
            if (docs.size() > 1) {
                throw new BadInputException(file + ": holds " + docs.size() + " documents; an instance spec is one object with " + FIELDS);
            }
            tree = docs.isEmpty() ? null : docs.get(0);
        } catch (InvalidSpecException e) {
            throw new BadInputException(e.getMessage());
        }
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
            throw new BadInputException(file + ": field \"" + JsonProblems.path(e) + "\" must be " + expected(e.getTargetType()));
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ": " + JsonProblems.wrongType("spec", e, tree), e);
        }
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

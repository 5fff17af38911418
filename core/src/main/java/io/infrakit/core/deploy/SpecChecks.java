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

/** The problems found in one deployment file, and the checks shared by {@link DeploymentReader} and {@link StepReader}. */
final class SpecChecks {

    final List<String> problems = new ArrayList<>();

    /** Template syntax, variables and keys: rendered once with stand-ins, so mistakes show now and not at step 7. */
    void checkTemplates(String where, String text, Set<String> produced, Predicate<String> storeHas) {
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
    static List<String> strings(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.asText());
        }
        node.forEach(child -> strings(child, into));
        return into;
    }

    String text(JsonNode node, String field, String where) {
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

    void unknown(String where, JsonNode node, Set<String> known) {
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

}

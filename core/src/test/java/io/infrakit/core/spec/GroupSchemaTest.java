package io.infrakit.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.schema.Field;
import io.infrakit.spi.schema.RecordSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema that {@code infrakit explain group} shows and the validator that checks specs agree on every field. */
class GroupSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final GroupSpecValidator validator = new GroupSpecValidator();

    /** The validator's problems with {@code props}, none when it accepts them. */
    List<String> problems(JsonNode props) {
        try {
            validator.validate(new GroupSpec("workers", props));
            return List.of();
        } catch (InvalidSpecException e) {
            return e.problems();
        }
    }

    static ObjectNode validSpec() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"Instance": {"Plugin": "simulator/compute", "Properties": {"cpu": 1}},
                 "Flavor": {"Plugin": "vanilla", "Properties": {"Init": ["echo hi"]}},
                 "Allocation": {"Size": 3},
                 "Updating": {"Duration": "0s", "Count": 0},
                 "Policy": {"MaxSurge": 1, "Update": {"Checkpoints": [50, 100], "BakeTime": "0s", "Canary": {"Size": 1}},
                            "HealthCheck": {"Http": {"Port": 80}, "Tcp": {"Port": 22}, "Exec": ["true"], "Interval": "5s"},
                            "Hooks": [{"On": "launch", "Url": "http://127.0.0.1:9/hook", "Timeout": "1m"}],
                            "WarmPool": {"Size": 1}}}""");
    }

    @Test
    void everyFieldIsDocumentedAndEveryDocNamesAField() {
        Field group = GroupSchema.group();
        assertThat(group.childNames()).containsExactly("Instance", "Flavor", "Allocation", "Updating", "Policy");
        assertThat(RecordSchema.undocumented(group)).isEmpty();
        assertThat(RecordSchema.unknownDocs(group, GroupSchema.DOCS)).isEmpty();
        Field size = group.child("Allocation").flatMap(a -> a.child("Size")).orElseThrow();
        assertThat(size.type()).isEqualTo("integer");
        assertThat(size.defaultValue()).isEqualTo("0");
        assertThat(group.child("Allocation").flatMap(a -> a.child("LogicalIDs")).orElseThrow().type()).isEqualTo("list of string");
        assertThat(group.child("Instance").orElseThrow().required()).isTrue();
    }

    @Test
    void theValidatorKnowsExactlyTheSchemasFieldsAtEveryLevel() throws Exception {
        assertThat(problems(validSpec())).isEmpty();
        List<String> objects = new ArrayList<>();
        objects.add("");
        collectObjects("", GroupSchema.group(), objects);
        assertThat(objects).contains("", "Instance", "Allocation", "Policy");
        assertThat(objects).contains("Policy.Update", "Policy.Update.Canary", "Policy.HealthCheck.Http", "Policy.HealthCheck.Tcp");
        for (String path : objects) {
            ObjectNode spec = validSpec();
            ObjectNode level = path.isEmpty() ? spec : (ObjectNode) at(spec, path);
            level.put("Zzz", 1);
            Field schemaLevel = path.isEmpty() ? GroupSchema.group() : find(path);
            String known = String.join(", ", schemaLevel.childNames());
            assertThat(problems(spec)).as(path).singleElement().asString()
                    .contains("Properties." + (path.isEmpty() ? "" : path + ".") + "Zzz")
                    .containsPattern("\\(known (here|fields): " + java.util.regex.Pattern.quote(known) + "\\)");
        }
    }

    @Test
    void theValidatorRefusesAValueOfAnotherTypeForEveryTypedField() throws Exception {
        List<String> checked = new ArrayList<>();
        walk("", GroupSchema.group(), (path, f) -> {
            JsonNode wrong = switch (f.type()) {
                case "integer" -> JSON.getNodeFactory().textNode("many");
                case "string", "list of string" -> JSON.createObjectNode().put("x", 1);
                case "object" -> JSON.getNodeFactory().textNode("x");
                default -> null; // "any": the plugin's own, checked by the plugin
            };
            if (wrong == null) {
                return;
            }
            try {
                ObjectNode spec = validSpec();
                int dot = path.lastIndexOf('.');
                ObjectNode parent = dot < 0 ? spec : (ObjectNode) at(spec, path.substring(0, dot));
                parent.set(path.substring(dot + 1), wrong);
                assertThat(problems(spec)).as(path + " (" + f.type() + ")")
                        // an element of a list is named by its index: Policy.Hooks[0].On
                        .anyMatch(p -> p.replace("[0]", "").contains("Properties." + path));
                checked.add(path);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(checked).contains("Allocation.Size", "Allocation.LogicalIDs", "Policy.MaxSurge", "Updating.Duration", "Instance.Plugin");
        assertThat(checked).contains("Policy.Update", "Policy.Update.BakeTime", "Policy.Update.Canary.Size", "Policy.ScaleDown",
                "Policy.MaxLifetime", "Policy.HealthCheck.Http.Port", "Policy.HealthCheck.Exec", "Policy.HealthCheck.Interval",
                "Policy.Hooks.On", "Policy.Hooks.Timeout", "Policy.WarmPool.Size", "Policy.WarmPool.MaxPrepared");
    }

    private static Field find(String path) {
        Field f = GroupSchema.group();
        for (String part : path.split("\\.")) {
            f = f.child(part).orElseThrow();
        }
        return f;
    }

    private static JsonNode at(JsonNode node, String path) {
        JsonNode n = node;
        for (String part : path.split("\\.")) {
            n = n.get(part);
            if (n != null && n.isArray() && !n.isEmpty() && n.get(0).isObject()) {
                n = n.get(0); // a list of objects: its first element stands for all
            }
        }
        return n;
    }

    private static void collectObjects(String prefix, Field f, List<String> out) {
        for (Field c : f.children()) {
            if (c.type().equals("object")) {
                out.add(prefix + c.name());
                collectObjects(prefix + c.name() + ".", c, out);
            }
        }
    }

    private static void walk(String prefix, Field f, java.util.function.BiConsumer<String, Field> visit) {
        for (Field c : f.children()) {
            visit.accept(prefix + c.name(), c);
            walk(prefix + c.name() + ".", c, visit);
        }
    }
}

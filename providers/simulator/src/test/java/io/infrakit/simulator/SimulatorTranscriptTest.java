package io.infrakit.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays a stretch of InfraKit's group controller talking to InfraKit's simulator (recorded, see
 * shared/wire/infrakit-go-transcript.jsonl): validate, three provisions, listings by group, a
 * destroy. Our simulator must answer with the same descriptions (tags, properties, logical IDs),
 * IDs aside: theirs are mapped to ours as they are handed out.
 */
class SimulatorTranscriptTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void answersLikeInfraKitsSimulator() throws Exception {
        SimulatorInstancePlugin compute = new SimulatorInstancePlugin("compute");
        Map<String, String> ours = new HashMap<>(); // InfraKit's ID -> ours
        int replayed = 0;
        for (JsonNode vector : vectors()) {
            JsonNode params = vector.at("/request/params");
            JsonNode expected = vector.at("/response/result");
            assertThat(params.path("Type").asText()).isEqualTo("compute");
            switch (vector.at("/request/method").asText()) {
                case "Instance.Validate" -> compute.validate(params.get("Properties"));
                case "Instance.Provision" -> ours.put(expected.path("ID").asText(),
                        compute.provision(JSON.treeToValue(params.get("Spec"), InstanceSpec.class)));
                case "Instance.Destroy" -> compute.destroy(ours.get(params.path("Instance").asText()),
                        JSON.treeToValue(params.get("Context"), DestroyContext.class));
                case "Instance.DescribeInstances" -> {
                    Map<String, String> tags = JSON.convertValue(params.get("Tags"), JSON.getTypeFactory()
                            .constructMapType(Map.class, String.class, String.class));
                    JsonNode actual = JSON.valueToTree(compute.describeInstances(tags, params.path("Properties").asBoolean()));
                    assertThat(sorted(actual)).as("transcript line %s", vector.path("line"))
                            .isEqualTo(sorted(withOurIds(expected.get("Descriptions"), ours)));
                }
                default -> throw new AssertionError("unexpected " + vector);
            }
            replayed++;
        }
        assertThat(replayed).isEqualTo(8);
        assertThat(compute.size()).isEqualTo(2);
    }

    private static JsonNode withOurIds(JsonNode descriptions, Map<String, String> ours) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode d : descriptions) {
            ObjectNode copy = d.deepCopy();
            copy.put("ID", Objects.requireNonNull(ours.get(d.path("ID").asText()), "unknown ID " + d.path("ID")));
            out.add(copy);
        }
        return out;
    }

    private static List<JsonNode> sorted(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        list.sort(Comparator.comparing(n -> n.path("ID").asText()));
        return list;
    }

    private List<JsonNode> vectors() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                getClass().getResourceAsStream("/simulator-transcript.jsonl")), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}

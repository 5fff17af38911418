package io.infrakit.vanilla;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.flavor.Allocation;
import io.infrakit.spi.flavor.Index;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the vanilla calls InfraKit's group controller made (recorded from real InfraKit, see
 * shared/wire/infrakit-go-transcript.jsonl) and checks our answers carry the same results.
 */
class VanillaTranscriptTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final VanillaFlavor flavor = new VanillaFlavor();

    @TestFactory
    List<DynamicTest> answersAsInfraKitDid() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(getClass().getResourceAsStream("/vanilla-transcript.jsonl")), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode vector = JSON.readTree(line);
                String method = vector.path("request").path("method").asText();
                tests.add(DynamicTest.dynamicTest("transcript line " + vector.path("line").asInt() + " " + method,
                        () -> replay(method, vector.path("request").path("params"), vector.path("response").path("result"))));
            }
        }
        assertThat(tests).extracting(DynamicTest::getDisplayName)
                .anyMatch(n -> n.contains("Prepare")).anyMatch(n -> n.contains("Validate"))
                .anyMatch(n -> n.contains("Healthy")).anyMatch(n -> n.contains("Drain"));
        return tests;
    }

    private void replay(String method, JsonNode params, JsonNode expected) throws Exception {
        JsonNode properties = params.get("Properties");
        switch (method) {
            case "Flavor.Validate" -> {
                flavor.validate(properties, JSON.treeToValue(params.get("Allocation"), Allocation.class));
                assertThat(expected.path("OK").asBoolean()).isTrue();
            }
            case "Flavor.Prepare" -> {
                InstanceSpec spec = flavor.prepare(properties,
                        JSON.treeToValue(params.get("Spec"), InstanceSpec.class),
                        JSON.treeToValue(params.get("Allocation"), Allocation.class),
                        JSON.treeToValue(params.get("Index"), Index.class));
                JsonNode actual = JSON.valueToTree(spec);
                assertThat(actual).isEqualTo(expected.get("Spec"));
            }
            case "Flavor.Healthy" -> assertThat(flavor.healthy(properties,
                    JSON.treeToValue(params.get("Instance"), InstanceDescription.class)).code())
                    .isEqualTo(expected.path("Health").asInt());
            case "Flavor.Drain" -> {
                flavor.drain(properties, JSON.treeToValue(params.get("Instance"), InstanceDescription.class));
                assertThat(expected.path("OK").asBoolean()).isTrue();
            }
            default -> throw new AssertionError("no replay for " + method);
        }
    }
}

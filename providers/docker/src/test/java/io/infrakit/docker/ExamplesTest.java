package io.infrakit.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every spec in examples/docker is valid for the plugin (no engine needed). */
class ExamplesTest {

    static final Path EXAMPLES = Path.of("../../examples/docker");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyExampleValidates() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("instance.json", "group-of-3.json", "docker-vanilla.json", "pets.json");
        try (DockerInstancePlugin plugin = new DockerInstancePlugin(DockerSettings.defaults().withHost("unix:///nonexistent.sock"))) {
            for (Path f : files) {
                JsonNode doc = json.readTree(f.toFile());
                JsonNode props = doc.has("ID")
                        ? doc.path("Properties").path("Instance").path("Properties")
                        : json.treeToValue(doc, InstanceSpec.class).properties();
                if (doc.has("ID")) {
                    assertThat(doc.path("Properties").path("Instance").path("Plugin").asText()).as(f.toString()).isEqualTo("docker");
                }
                plugin.validate(props);
                assertThat(props.path("Config").path("Image").asText()).as(f + ": local test image only")
                        .startsWith("infrakit-test/busybox:");
            }
        }
    }
}

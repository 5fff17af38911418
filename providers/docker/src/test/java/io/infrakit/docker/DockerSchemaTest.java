package io.infrakit.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.schema.Field;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code infrakit explain docker} is EngineApiSchema, which PropertiesValidator checks against. */
class DockerSchemaTest {

    @Test
    void theTreeHasTheValidatorsFieldsAtEveryLevel() throws Exception {
        Field tree = new DockerPluginKind().propertiesSchema().orElseThrow();
        assertThat(tree.childNames()).containsExactlyElementsOf(EngineApiSchema.PROPERTIES.fields().keySet());
        Field config = tree.child("Config").orElseThrow();
        assertThat(config.childNames()).containsExactlyElementsOf(EngineApiSchema.CONFIG.fields().keySet());
        assertThat(config.child("Image").orElseThrow().required()).isTrue();
        assertThat(config.child("Env").orElseThrow().type()).isEqualTo("list of string (or one string)");
        assertThat(tree.child("HostConfig").flatMap(h -> h.child("RestartPolicy")).flatMap(r -> r.child("Name")).orElseThrow()
                .description()).contains("unless-stopped");
        assertThat(tree.children()).allMatch(f -> !f.description().isBlank());

        assertThat(PropertiesValidator.problems(new ObjectMapper().readTree("{\"Config\": {\"Image\": \"alpine\", \"Zzz\": 1}}")))
                .anyMatch(p -> p.contains("Config.Zzz"));
    }
}

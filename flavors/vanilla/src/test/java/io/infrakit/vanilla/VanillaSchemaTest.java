package io.infrakit.vanilla;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.schema.Field;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code infrakit explain vanilla} is the list the flavor's properties are checked against. */
class VanillaSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everySchemaFieldIsAcceptedAndAnyOtherRefused() throws Exception {
        Field schema = new VanillaPluginKind().propertiesSchema().orElseThrow();
        assertThat(schema.childNames()).containsExactly("Init", "Tags", "Attachments");
        VanillaProperties p = VanillaProperties.parse(JSON.readTree(
                "{\"Init\": [\"echo hi\"], \"Tags\": {\"a\": \"b\"}, \"Attachments\": {\"db-1\": [{\"ID\": \"vol-1\", \"Type\": \"disk\"}]}}"));
        assertThat(p.init()).containsExactly("echo hi");
        assertThatThrownBy(() -> VanillaProperties.parse(JSON.readTree("{\"Zzz\": 1}")))
                .hasMessageContaining("unknown field 'Zzz'");
    }
}

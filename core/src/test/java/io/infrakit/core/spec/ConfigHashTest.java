package io.infrakit.core.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.group.PluginSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigHashTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PluginSpec section(String json) throws Exception {
        return JSON.readValue(json, PluginSpec.class);
    }

    /** PROTOCOL.md's vectors, checked against InfraKit. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"Plugin\":\"simproxy/compute\",\"Properties\":{\"cpu\":1}}|{\"Plugin\":\"vanproxy\",\"Properties\":{\"Init\":[\"echo hello\"],\"Tags\":{\"role\":\"web\"}}}|ksjeqeevnxstbc5zkh223j6nyjpexzce",
            "{\"Plugin\":\"simproxy/compute\",\"Properties\":{\"cpu\":2}}|{\"Plugin\":\"vanproxy\",\"Properties\":{\"Init\":[\"echo hello\"],\"Tags\":{\"role\":\"web\"}}}|qh4dz6olvv46hf3vrujijbzwtsakunkv",
            "{\"Plugin\":\"simulator/compute\",\"Properties\":{\"apiProperty1\":\"value1\"}}|{\"Plugin\":\"vanilla\",\"Properties\":{\"Init\":[\"echo hi\"],\"Tags\":{\"custom.tag1\":\"tutorial\"}}}|6e7zxf3iit6jzxufe2vrjyz6yszyr4yh"})
    void matchesInfraKitVectors(String instance, String flavor, String hash) throws Exception {
        assertThat(ConfigHash.of(section(instance), section(flavor))).isEqualTo(hash);
    }

    @Test
    void keyOrderDoesNotMatter() throws Exception {
        String a = ConfigHash.of(section("{\"Plugin\":\"p\",\"Properties\":{\"a\":1,\"b\":{\"y\":2,\"x\":[1,2]}}}"),
                section("{\"Plugin\":\"f\",\"Properties\":null}"));
        String b = ConfigHash.of(section("{\"Properties\":{\"b\":{\"x\":[1,2],\"y\":2},\"a\":1},\"Plugin\":\"p\"}"),
                section("{\"Plugin\":\"f\"}"));
        assertThat(a).isEqualTo(b).hasSize(32);
    }

    @Test
    void writesTheTextGoWrites() throws Exception {
        assertThat(ConfigHash.stableFormat(section("{\"Plugin\":\"p\",\"Properties\":{\"b\":[],\"a\":{},\"c\":\"<&>\"}}")))
                .isEqualTo("{\n    \"Plugin\": \"p\",\n    \"Properties\": {\n      \"a\": {},\n      \"b\": [],\n"
                        + "      \"c\": \"\\u003c\\u0026\\u003e\"\n    }\n  }");
    }

    @Test
    void formatsNumbersAsGoFloat64() {
        assertThat(ConfigHash.goFloat(1)).isEqualTo("1");
        assertThat(ConfigHash.goFloat(1024)).isEqualTo("1024");
        assertThat(ConfigHash.goFloat(1.5)).isEqualTo("1.5");
        assertThat(ConfigHash.goFloat(-0.25)).isEqualTo("-0.25");
        assertThat(ConfigHash.goFloat(1e20)).isEqualTo("100000000000000000000");
        assertThat(ConfigHash.goFloat(1e21)).isEqualTo("1e+21");
        assertThat(ConfigHash.goFloat(1.5e-7)).isEqualTo("1.5e-7");
        assertThat(ConfigHash.goFloat(0.000001)).isEqualTo("0.000001");
        assertThat(ConfigHash.goFloat(12345678901234567890.0)).isEqualTo("12345678901234567000");
    }
}

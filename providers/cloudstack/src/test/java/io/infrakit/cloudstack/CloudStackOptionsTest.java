package io.infrakit.cloudstack;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudStackOptionsTest {

    private static final Map<String, String> KEYS = Map.of("api-key", "K1234", "secret-key", "S");

    private static Map<String, String> with(String k, String v) {
        Map<String, String> m = new java.util.HashMap<>(KEYS);
        m.put("endpoint", "http://mgmt:8080/client/api");
        m.put(k, v);
        return m;
    }

    @Test
    void parsesDurationsAndDefaults() {
        CloudStackOptions o = CloudStackOptions.parse(with("job-timeout", "2m30s"), Map.of());
        assertThat(o.jobTimeout()).isEqualTo(Duration.ofSeconds(150));
        assertThat(o.expunge()).isFalse();
        assertThat(o.pageSize()).isEqualTo(100);
        assertThat(CloudStackOptions.parse(with("expunge", "true"), Map.of()).expunge()).isTrue();
        assertThat(CloudStackOptions.parse(KEYS, Map.of(CloudStackOptions.ENV_ENDPOINT, "https://cloud.example/client/api")).endpoint().getHost())
                .isEqualTo("cloud.example");
    }

    @Test
    void badValuesNameTheOptionAndTheFix() {
        assertThatThrownBy(() -> CloudStackOptions.parse(with("job-timeout", "10"), Map.of()))
                .hasMessageContaining("job-timeout='10'").hasMessageContaining("30s");
        assertThatThrownBy(() -> CloudStackOptions.parse(with("page-size", "0"), Map.of())).hasMessageContaining("page-size='0'");
        assertThatThrownBy(() -> CloudStackOptions.parse(with("expunge", "yes"), Map.of())).hasMessageContaining("true or false");
        assertThatThrownBy(() -> CloudStackOptions.parse(with("zone", "a"), Map.of())).hasMessageContaining("unknown cloudstack option 'zone'");
        assertThatThrownBy(() -> CloudStackOptions.parse(KEYS, Map.of())).hasMessageContaining("no endpoint");
        assertThatThrownBy(() -> CloudStackOptions.parse(with("endpoint", "mgmt:8080"), Map.of())).hasMessageContaining("not an http(s) URL");
    }
}

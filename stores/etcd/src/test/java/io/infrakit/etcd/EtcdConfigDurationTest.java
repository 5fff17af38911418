package io.infrakit.etcd;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** lease-ttl and timeout take the project's one duration grammar; a bare number still means seconds. */
class EtcdConfigDurationTest {

    private static EtcdConfig parse(String key, String value) {
        return EtcdConfig.fromOptions(Map.of("endpoints", "http://a:1", key, value));
    }

    @Test
    void durationsAndBareSeconds() {
        assertThat(parse("lease-ttl", "7").leaseTtl()).isEqualTo(Duration.ofSeconds(7));
        assertThat(parse("lease-ttl", "1m").leaseTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parse("timeout", "1500ms").requestTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(parse("timeout", "3").requestTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void badValuesAreRefusedNamingTheFix() {
        assertThatThrownBy(() -> parse("lease-ttl", "2500ms")).hasMessageContaining("'lease-ttl'").hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> parse("lease-ttl", "1s")).hasMessageContaining("at least 2 seconds");
        assertThatThrownBy(() -> parse("timeout", "soon")).hasMessageContaining("'timeout'").hasMessageContaining("5s");
        assertThatThrownBy(() -> parse("timeout", "0")).hasMessageContaining("positive");
    }
}

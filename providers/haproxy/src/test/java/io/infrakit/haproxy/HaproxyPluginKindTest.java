package io.infrakit.haproxy;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKindChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kind's options are refused, naming the option, before any HAProxy starts. */
class HaproxyPluginKindTest {

    @TempDir
    Path home;

    private PluginContext context(Map<String, String> options) {
        return PluginKindChecks.context(home, options);
    }

    @Test
    void badOptionsAreRefusedNamingThem() {
        HaproxyPluginKind kind = new HaproxyPluginKind();
        assertThat(kind.options()).containsKeys("name", "dir", "bind", "binary", "metrics");
        assertThatThrownBy(() -> kind.start(context(Map.of("bnd", "127.0.0.1"))))
                .hasMessageContaining("unknown haproxy option 'bnd'");
        assertThatThrownBy(() -> kind.start(context(Map.of("name", "a b"))))
                .hasMessageContaining("haproxy option name='a b'");
        assertThatThrownBy(() -> kind.start(context(Map.of("metrics", "lots"))))
                .hasMessageContaining("haproxy option metrics='lots' must be a whole number from 0 to 65535");
        assertThatThrownBy(() -> kind.start(context(Map.of("bind", "0.0.0.0:80; rm"))))
                .hasMessageContaining("haproxy option bind=");
        assertThat(home.resolve("haproxy")).doesNotExist();
    }
}

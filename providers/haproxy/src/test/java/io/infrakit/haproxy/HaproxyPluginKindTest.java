package io.infrakit.haproxy;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginLookup;
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
        return new PluginContext() {
            @Override
            public Path home() {
                return home;
            }

            @Override
            public Path pluginsDir() {
                return home.resolve("plugins");
            }

            @Override
            public PluginLookup plugins() {
                return null;
            }

            @Override
            public Map<String, String> options() {
                return options;
            }
        };
    }

    @Test
    void badOptionsAreRefusedNamingThem() {
        HaproxyPluginKind kind = new HaproxyPluginKind();
        assertThat(kind.options()).containsKeys("name", "dir", "bind", "binary", "metrics");
        assertThatThrownBy(() -> kind.start(context(Map.of("bnd", "127.0.0.1"))))
                .hasMessageContaining("option haproxy.bnd is not known");
        assertThatThrownBy(() -> kind.start(context(Map.of("name", "a b"))))
                .hasMessageContaining("option haproxy.name 'a b'");
        assertThatThrownBy(() -> kind.start(context(Map.of("metrics", "lots"))))
                .hasMessageContaining("option haproxy.metrics 'lots'");
        assertThatThrownBy(() -> kind.start(context(Map.of("bind", "0.0.0.0:80; rm"))))
                .hasMessageContaining("option haproxy.bind");
        assertThat(home.resolve("haproxy")).doesNotExist();
    }
}

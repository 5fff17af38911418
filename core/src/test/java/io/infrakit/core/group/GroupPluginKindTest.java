package io.infrakit.core.group;

import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.PluginLookup;
import io.infrakit.spi.plugin.RunningPlugin;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupPluginKindTest {

    private static PluginContext context(Map<String, String> options) {
        PluginLookup lookup = new FakeLookup();
        return new PluginContext() {
            public Path home() {
                return Path.of("/tmp");
            }

            public Path pluginsDir() {
                return Path.of("/tmp");
            }

            public PluginLookup plugins() {
                return lookup;
            }

            public Map<String, String> options() {
                return options;
            }
        };
    }

    @Test
    void isFoundByServiceLoaderAndServesGroupStateless() throws Exception {
        PluginKind kind = ServiceLoader.load(PluginKind.class).stream().map(ServiceLoader.Provider::get)
                .filter(k -> k.name().equals("group")).findFirst().orElseThrow();
        assertThat(kind.options()).containsKeys("poll-interval", "max-parallel", "batch");
        try (RunningPlugin running = kind.start(context(Map.of("poll-interval", "2s")))) {
            assertThat(running.socketName()).isEqualTo("group-stateless");
            assertThat(running.objects()).containsOnlyKeys(RunningPlugin.DEFAULT_OBJECT);
            assertThat(running.objects().get("")).isInstanceOf(GroupPlugin.class);
            assertThat(((GroupPlugin) running.objects().get("")).inspectGroups()).isEmpty();
        }
    }

    @Test
    void refusesBadOptions() {
        assertThat(GroupPluginKind.options(Map.of("poll-interval", "250ms", "max-parallel", "4")))
                .isEqualTo(new GroupControllerPlugin.Options(Duration.ofMillis(250), 4, true));
        assertThatThrownBy(() -> GroupPluginKind.options(Map.of("poll-interval", "often")))
                .hasMessageContaining("group.poll-interval").hasMessageContaining("'often' is not a duration");
        assertThat(GroupPluginKind.options(Map.of("batch", "64")).batch()).isEqualTo(64);
        assertThat(GroupPluginKind.options(Map.of()).batch()).isEqualTo(1024);
        assertThatThrownBy(() -> GroupPluginKind.options(Map.of("batch", "0")))
                .hasMessage("option group.batch '0' must be a whole number of at least 1, e.g. 1024");
        assertThatThrownBy(() -> GroupPluginKind.options(Map.of("batch", "1e9")))
                .hasMessage("option group.batch '1e9' must be a whole number of at least 1, e.g. 1024");
        assertThatThrownBy(() -> GroupPluginKind.options(Map.of("max-parallel", "0")))
                .hasMessageContaining("group.max-parallel '0' must be a whole number of at least 1");
    }
}

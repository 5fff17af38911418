package io.infrakit.docker;

import io.infrakit.spi.instance.InstanceChangeSource;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.PluginLookup;
import io.infrakit.spi.plugin.RunningPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerPluginKindTest {

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
                throw new UnsupportedOperationException();
            }

            @Override
            public Map<String, String> options() {
                return options;
            }
        };
    }

    @Test
    void isFoundByServiceLoaderAndListsItsOptions() {
        PluginKind kind = ServiceLoader.load(PluginKind.class).stream().map(ServiceLoader.Provider::get)
                .filter(k -> k.name().equals("docker")).findFirst().orElseThrow();
        assertThat(kind.options()).containsKeys("host", "stop-timeout", "init-timeout", "pull", "pull-timeout");
    }

    @Test
    void refusesToStartWithoutAnEngine() {
        assertThatThrownBy(() -> new DockerPluginKind().start(context(Map.of("host", "unix://" + home.resolve("none.sock")))))
                .hasMessageContaining("cannot reach the Docker engine at unix://" + home.resolve("none.sock"))
                .hasMessageContaining("is dockerd running?");
    }

    @Test
    void startsOnTheEngineAsTheDefaultObjectOfSocketDocker() throws Exception {
        try (var client = DockerTestEngine.client()) {
            DockerTestEngine.assumeAvailable(client);
        }
        try (RunningPlugin running = new DockerPluginKind().start(context(Map.of("stop-timeout", "3s")))) {
            assertThat(running.socketName()).isEqualTo("docker");
            Object object = running.objects().get(RunningPlugin.DEFAULT_OBJECT);
            assertThat(object).isInstanceOf(InstancePlugin.class).isInstanceOf(InstanceChangeSource.class)
                    .isInstanceOf(io.infrakit.spi.instance.InstanceExec.class);
            assertThat(((DockerInstancePlugin) object).settings().labelFile()).isEqualTo(home.resolve("docker/labels.json"));
        }
    }
}

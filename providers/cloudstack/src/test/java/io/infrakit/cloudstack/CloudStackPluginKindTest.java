package io.infrakit.cloudstack;

import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.PluginKindChecks;
import io.infrakit.spi.plugin.RunningPlugin;
import io.infrakit.spi.schema.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudStackPluginKindTest {

    @TempDir
    Path home;

    private PluginContext context(Map<String, String> options) {
        return PluginKindChecks.context(home, options);
    }

    @Test
    void isFoundByServiceLoaderWithItsOptionsAndSchema() {
        PluginKind kind = PluginKindChecks.kind("cloudstack");
        assertThat(kind.options()).containsKeys("endpoint", "api-key", "secret-key", "credentials-file", "expunge", "job-timeout", "page-size");
        // The schema is the record Validate binds: the same names, each documented.
        Field schema = PluginKindChecks.schemaIsTheRecord(kind, CloudStackProperties.class, CloudStackSchema.DOCS);
        assertThat(schema.child("Zone").orElseThrow().required()).isTrue();
        assertThat(schema.child("Networks").orElseThrow().type()).isEqualTo("list of string");
    }

    @Test
    void startsAnInstancePluginThatTalksToTheFake() throws Exception {
        try (FakeCloudStack fake = new FakeCloudStack();
             RunningPlugin running = new CloudStackPluginKind().start(context(Map.of("endpoint", fake.endpoint().toString(),
                     "api-key", FakeCloudStack.API_KEY, "secret-key", FakeCloudStack.SECRET_KEY)))) {
            assertThat(running.socketName()).isEqualTo("cloudstack");
            InstancePlugin plugin = (InstancePlugin) running.objects().get(RunningPlugin.DEFAULT_OBJECT);
            assertThat(plugin.describeInstances(Map.of("infrakit.group", "none"), false)).isEmpty();
            assertThat(fake.count("listVirtualMachines")).isEqualTo(1);
        }
    }

    @Test
    void refusesToStartWithoutEndpointOrWithATypo() {
        assertThatThrownBy(() -> new CloudStackPluginKind().start(context(Map.of("endpoint", "http://h/client/api", "apikey", "x"))))
                .hasMessageContaining("unknown cloudstack option 'apikey'");
    }

    @Test
    void theDocsPageNamesEveryOptionAndProperty() throws Exception {
        String page = PluginKindChecks.docsPageNamesEvery("cloudstack", CloudStackOptions.DESCRIPTIONS.keySet(), CloudStackSchema.DOCS.keySet());
        assertThat(page).contains("infrakit plugin start cloudstack").contains("examples/cloudstack/docker-hosts.yml")
                .contains(Integer.toString(UserData.MAX_BASE64_BYTES));
    }
}

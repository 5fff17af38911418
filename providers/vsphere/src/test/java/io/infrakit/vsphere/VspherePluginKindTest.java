package io.infrakit.vsphere;

import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.PluginLookup;
import io.infrakit.spi.plugin.RunningPlugin;
import io.infrakit.spi.schema.Field;
import io.infrakit.spi.schema.RecordSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VspherePluginKindTest {

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
    void isFoundByServiceLoaderWithItsOptionsAndSchema() {
        PluginKind kind = ServiceLoader.load(PluginKind.class).stream().map(ServiceLoader.Provider::get)
                .filter(k -> k.name().equals("vsphere")).findFirst().orElseThrow();
        assertThat(kind.options()).containsKeys("url", "user", "password-file", "ca-file", "insecure", "ignore-on-destroy");
        Field schema = kind.propertiesSchema().orElseThrow();
        assertThat(schema.childNames()).containsExactlyElementsOf(
                Arrays.stream(VsphereProperties.class.getRecordComponents())
                        .map(c -> c.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class).value()).toList());
        assertThat(RecordSchema.undocumented(schema)).isEmpty();
        assertThat(RecordSchema.unknownDocs(schema, VsphereSchema.DOCS)).isEmpty();
    }

    @Test
    void startsAnInstancePluginThatTalksToVcsim() throws Exception {
        Vcsim.require();
        try (RunningPlugin running = new VspherePluginKind().start(context(Map.of("url", Vcsim.SDK.toString(), "user", Vcsim.USER,
                "password", Vcsim.PASSWORD, "ca-file", Vcsim.CA.toString())))) {
            assertThat(running.socketName()).isEqualTo("vsphere");
            InstancePlugin plugin = (InstancePlugin) running.objects().get(RunningPlugin.DEFAULT_OBJECT);
            assertThat(plugin.describeInstances(Map.of(Tags.GROUP, Vcsim.unique("none")), false)).isEmpty();
        }
    }

    @Test
    void refusesToStartWithATypo() {
        assertThatThrownBy(() -> new VspherePluginKind().start(context(Map.of("url", "https://u:p@vc/sdk", "passwd", "x"))))
                .hasMessageContaining("unknown vsphere option 'passwd'");
    }

    @Test
    void theDocsPageNamesEveryOptionAndProperty() throws Exception {
        String page = Files.readString(Path.of("../../docs/providers/vsphere.md"));
        for (String option : VsphereOptions.DESCRIPTIONS.keySet()) {
            assertThat(page).as("option " + option).contains("| `" + option + "`");
        }
        for (String property : VsphereSchema.DOCS.keySet()) {
            assertThat(page).as("property " + property).contains("| `" + property + "`");
        }
        assertThat(page).contains("infrakit plugin start vsphere").contains("examples/vsphere/InfraKitVMs.json")
                .contains(".ci/engines/vcsim.sh");
    }
}

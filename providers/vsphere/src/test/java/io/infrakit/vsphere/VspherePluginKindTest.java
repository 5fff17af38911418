package io.infrakit.vsphere;

import io.infrakit.spi.Tags;
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

class VspherePluginKindTest {

    @TempDir
    Path home;

    private PluginContext context(Map<String, String> options) {
        return PluginKindChecks.context(home, options);
    }

    @Test
    void isFoundByServiceLoaderWithItsOptionsAndSchema() {
        PluginKind kind = PluginKindChecks.kind("vsphere");
        assertThat(kind.options()).containsKeys("url", "user", "password-file", "ca-file", "insecure", "ignore-on-destroy");
                Field schema = PluginKindChecks.schemaIsTheRecord(kind, VsphereProperties.class, VsphereSchema.DOCS);
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
        String page = PluginKindChecks.docsPageNamesEvery("vsphere", VsphereOptions.DESCRIPTIONS.keySet(), VsphereSchema.DOCS.keySet());
        assertThat(page).contains("infrakit plugin start vsphere").contains("examples/vsphere/InfraKitVMs.json")
                .contains(".ci/engines/vcsim.sh");
    }
}

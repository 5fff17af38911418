package io.infrakit.vagrant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.PluginKindChecks;
import io.infrakit.spi.plugin.RunningPlugin;
import io.infrakit.spi.schema.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VagrantPluginKindTest {

    @TempDir
    Path home;

    private PluginContext context(Map<String, String> options) {
        return PluginKindChecks.context(home, options);
    }

    @Test
    void isFoundByServiceLoaderWithItsOptionsAndSchema() {
        PluginKind kind = PluginKindChecks.kind("vagrant");
        assertThat(kind.options()).containsKeys("command", "dir", "vagrant-home", "up-timeout", "init-timeout", "command-timeout");
                Field schema = PluginKindChecks.schemaIsTheRecord(kind, VagrantProperties.class, VagrantSchema.DOCS);
        assertThat(schema.child("Networks").orElseThrow().childNames()).containsExactly("Type", "IP", "Bridge", "Guest", "Host");
    }

    @Test
    void aVagrantMissingFromPathStopsTheStartWithHowToGetIt() throws Exception {
        Path empty = Files.createDirectories(home.resolve("empty-bin"));
        assertThatThrownBy(() -> new VagrantPluginKind().start(context(Map.of()), Map.of("PATH", empty + ":/nonexistent")))
                .isInstanceOf(io.infrakit.spi.PluginException.class)
                .hasMessage("'vagrant' is not on PATH (" + empty + ":/nonexistent); install Vagrant (Debian: apt-get install vagrant)"
                        + " or give its path with --opt vagrant.command=/path/to/vagrant");
        assertThatThrownBy(() -> new VagrantPluginKind().start(context(Map.of("command", "/opt/none/vagrant")), Map.of("PATH", "/usr/bin")))
                .hasMessageContaining("vagrant option command='/opt/none/vagrant' is not an executable file");
        assertThatThrownBy(() -> new VagrantPluginKind().start(context(Map.of("up-timeot", "1m")), Map.of("PATH", "/usr/bin")))
                .hasMessageContaining("unknown vagrant option 'up-timeot'");
    }

    @Test
    void startsWithAVagrantFoundOnPathAndKeepsInstancesUnderTheHome() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path fake = bin.resolve("vagrant");
        Files.writeString(fake, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (RunningPlugin running = new VagrantPluginKind().start(context(Map.of("up-timeout", "2m")), Map.of("PATH", "/nonexistent:" + bin))) {
            assertThat(running.socketName()).isEqualTo("vagrant");
            VagrantInstancePlugin plugin = (VagrantInstancePlugin) running.objects().get(RunningPlugin.DEFAULT_OBJECT);
            assertThat(plugin).isInstanceOf(InstancePlugin.class);
            assertThat(plugin.options().command()).isEqualTo(fake);
            assertThat(plugin.options().dir()).isEqualTo(home.resolve("vagrant"));
            assertThat(plugin.options().upTimeout()).hasMinutes(2);
            assertThat(plugin.describeInstances(Map.of(), false)).isEmpty();
        }
    }

    @Test
    void everyExampleValidates() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectMapper yaml = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("../../examples/vagrant"))) {
            files = s.sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("box-group.yml", "docker-group.json", "vagrant-centos7-vm.json");
        VagrantInstancePlugin plugin = new VagrantInstancePlugin(VagrantEngine.options(Path.of("/bin/true"), home));
        for (Path f : files) {
            JsonNode doc = (f.toString().endsWith(".yml") ? yaml : json).readTree(f.toFile());
            JsonNode props = doc.has("ID") ? doc.path("Properties").path("Instance").path("Properties")
                    : doc.has("kind") ? doc.path("properties").path("Instance").path("Properties")
                    : json.treeToValue(doc, InstanceSpec.class).properties();
            plugin.validate(props);
        }
        plugin.close();
    }

    @Test
    void theDocsPageNamesEveryOptionAndProperty() throws Exception {
        String page = PluginKindChecks.docsPageNamesEvery("vagrant", VagrantOptions.DESCRIPTIONS.keySet(), VagrantSchema.DOCS.keySet());
        assertThat(page).contains("infrakit plugin start vagrant", "examples/vagrant/docker-group.json",
                "examples/vagrant/vagrant-centos7-vm.json", "global-status --prune", "docker-exec");
    }
}

package io.infrakit.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
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

class TerraformPluginKindTest {

    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();

    private PluginContext context(Map<String, String> options) {
        return PluginKindChecks.context(home, options);
    }

    @Test
    void isFoundByServiceLoaderWithItsOptionsAndSchema() {
        PluginKind kind = PluginKindChecks.kind("terraform");
        assertThat(kind.options()).containsKeys("command", "dir", "apply-timeout", "lock-timeout");
                Field schema = PluginKindChecks.schemaIsTheRecord(kind, TerraformProperties.class, TerraformSchema.DOCS);
        assertThat(schema.child("Type").orElseThrow().required()).isTrue();
    }

    @Test
    void aTerraformMissingFromPathStopsTheStartWithHowToGetIt() throws Exception {
        Path empty = Files.createDirectories(home.resolve("empty-bin"));
        assertThatThrownBy(() -> new TerraformPluginKind().start(context(Map.of()), Map.of("PATH", empty.toString())))
                .isInstanceOf(io.infrakit.spi.PluginException.class)
                .hasMessage("'terraform' is not on PATH (" + empty + "); install Terraform (https://developer.hashicorp.com/terraform/install)"
                        + " or give its path with --opt terraform.command=/path/to/terraform");
        assertThatThrownBy(() -> new TerraformPluginKind().start(context(Map.of("command", "/opt/none/terraform")), Map.of()))
                .hasMessageContaining("terraform option command='/opt/none/terraform' is not an executable file");
        assertThatThrownBy(() -> new TerraformPluginKind().start(context(Map.of("lock-timeout", "soon")), Map.of("PATH", "/usr/bin")))
                .hasMessageContaining("terraform option lock-timeout='soon' is not a duration");
    }

    @Test
    void startsWithATerraformFoundOnPath() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path fake = bin.resolve("terraform");
        Files.writeString(fake, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (RunningPlugin running = new TerraformPluginKind().start(context(Map.of()), Map.of("PATH", "/nonexistent:" + bin))) {
            assertThat(running.socketName()).isEqualTo("terraform");
            TerraformInstancePlugin plugin = (TerraformInstancePlugin) running.objects().get(RunningPlugin.DEFAULT_OBJECT);
            assertThat(plugin.options().command()).isEqualTo(fake);
            assertThat(plugin.options().dir()).isEqualTo(home.resolve("terraform"));
            assertThat(plugin.describeInstances(Map.of(), false)).isEmpty();
        }
    }

    private void refused(String properties, String... parts) {
        TerraformInstancePlugin plugin = new TerraformInstancePlugin(TerraformEngine.options(Path.of("/bin/true"), home));
        assertThatThrownBy(() -> plugin.validate(json.readTree(properties))).isInstanceOf(PluginException.class).hasMessageContainingAll(parts);
    }

    @Test
    void badPropertiesAreRefusedNamingTheField() {
        refused("{}", "Properties.Type is required");
        refused("{\"Typ\": \"terraform_data\"}", "unknown field Properties.Typ", "did you mean Type?");
        refused("{\"Type\": \"data\"}", "Properties.Type 'data' is not a resource type");
        refused("{\"Type\": \"terraform_data\", \"Attributes\": [1]}", "Properties.Attributes has the wrong type (an object");
        refused("{\"Type\": \"terraform_data\", \"Attributes\": {\"count\": 2}}", "Properties.Attributes.count is not allowed");
        refused("{\"Type\": \"aws_instance\", \"TagsAttribute\": \"my tags\"}", "Properties.TagsAttribute 'my tags'");
        refused("{\"Type\": \"aws_instance\", \"TagsAttribute\": \"tags\", \"Attributes\": {\"tags\": \"x\"}}", "Properties.Attributes.tags must be a map");
        refused("{\"Type\": \"aws_instance\", \"InitAttribute\": \"tags\", \"TagsAttribute\": \"tags\"}", "both name 'tags'");
        refused("\"terraform_data\"", "Properties must be an object");
        refused("null", "Properties are missing");
    }

    @Test
    void everyExampleValidates() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("../../examples/terraform"))) {
            files = s.sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("aws-instances.yml", "data-group.yml");
        TerraformInstancePlugin plugin = new TerraformInstancePlugin(TerraformEngine.options(Path.of("/bin/true"), home));
        for (Path f : files) {
            var spec = new io.infrakit.core.spec.SpecReader(Map.of(), null).readFiles(List.of(f), java.io.InputStream.nullInputStream()).getFirst();
            JsonNode instance = spec.properties().path("Instance");
            assertThat(instance.path("Plugin").asText()).as(f.toString()).isEqualTo("terraform");
            plugin.validate(instance.path("Properties"));
        }
    }

    @Test
    void theDocsPageNamesEveryOptionAndProperty() throws Exception {
        String page = PluginKindChecks.docsPageNamesEvery("terraform", TerraformOptions.DESCRIPTIONS.keySet(), TerraformSchema.DOCS.keySet());
        assertThat(page).contains("infrakit plugin start terraform", "examples/terraform/data-group.yml", "terraform show -json",
                "-out=infrakit-XXXXXXXX.tfplan", "TF_IN_AUTOMATION", "CHECKPOINT_DISABLE");
    }
}

package io.infrakit.core.spec;

import io.infrakit.core.group.plan.GroupConfig;
import io.infrakit.spi.group.GroupSpec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupSpecValidatorTest {

    static final Path EXAMPLES = Path.of("../examples");
    final GroupSpecValidator validator = new GroupSpecValidator();
    final SpecReader reader = new SpecReader(Map.of(), null);

    static final String PETS_YAML = """
            kind: group
            metadata: {name: pets}
            properties:
              Allocation:
                LogicalIDs: [db-1, db-2]
              Instance: {Plugin: simulator/compute, Properties: {}}
              Flavor: {Plugin: vanilla, Properties: {}}
            """;
    static final String PETS_LEGACY_YAML = """
            ID: pets
            Properties:
              Allocation: {LogicalIDs: [db-1, db-2]}
              Instance: {Plugin: simulator/compute}
              Flavor: {Plugin: vanilla}
            """;

    @Test
    void petsWithoutSizeAreAcceptedInEveryShape() throws Exception {
        GroupSpec file = reader.readFiles(List.of(EXAMPLES.resolve("docker/pets.json")), InputStream.nullInputStream()).get(0);
        GroupConfig fromFile = validator.validate(file);
        assertThat(fromFile.quorum()).isTrue();
        assertThat(fromFile.logicalIds()).containsExactly("db-1", "db-2", "db-3");
        assertThat(fromFile.allocation().size()).isZero();

        for (String text : List.of(PETS_YAML, PETS_LEGACY_YAML)) {
            GroupConfig cfg = validator.validate(reader.parse("pets.yml", text).get(0));
            assertThat(cfg.logicalIds()).containsExactly("db-1", "db-2");
            assertThat(cfg.desired()).isEqualTo(2);
        }
        // InfraKit echoes pets with "Size": 0 beside the IDs; that is pets too.
        GroupConfig echoed = validator.validate(reader.parse("e.yml", PETS_YAML.replace("LogicalIDs:", "Size: 0\n    LogicalIDs:")).get(0));
        assertThat(echoed.logicalIds()).containsExactly("db-1", "db-2");
    }

    @Test
    void anAllocationNeedsSizeOrLogicalIdsAndSaysSo() {
        String neither = PETS_YAML.replace("LogicalIDs: [db-1, db-2]", "LogicalIDs: []");
        assertThatThrownBy(() -> reader.parse("n.yml", neither))
                .hasMessageContaining("n.yml, group 'pets': properties.Allocation has neither Size nor LogicalIDs: set Size");
        String both = PETS_YAML.replace("LogicalIDs:", "Size: 2\n    LogicalIDs:");
        assertThatThrownBy(() -> reader.parse("b.yml", both))
                .hasMessageContaining("properties.Allocation has both Size (2) and LogicalIDs ([db-1, db-2])");
    }

    @Test
    void wrongTypesAreNamedWithoutJacksonText() {
        for (String[] c : new String[][]{
                {"LogicalIDs: [db-1, db-2]", "Size: three", "field properties.Allocation.Size: value \"three\" is not a whole number; write e.g. 3"},
                {"LogicalIDs: [db-1, db-2]", "Size: null", "properties.Allocation has neither Size nor LogicalIDs"},
                {"LogicalIDs: [db-1, db-2]", "LogicalIDs: db-1", "field properties.Allocation.LogicalIDs: value \"db-1\" is not a list; write e.g. [a, b]"},
                {"Instance: {Plugin: simulator/compute, Properties: {}}", "Instance: simulator", "field properties.Instance: value \"simulator\" is not a mapping"}}) {
            String text = PETS_YAML.replace(c[0], c[1]);
            assertThatThrownBy(() -> reader.parse("t.yml", text))
                    .as(c[1])
                    .isInstanceOf(InvalidSpecException.class)
                    .hasMessageContaining(c[2])
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Cannot", "DeserializationFeature", "`"));
        }
    }

    @Test
    void theGroupIdRuleIsTheSameOnEveryPathWithTheSameWords() {
        String rule = "group ID 'a/b' is not a plain name: use 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. workers-2)";
        assertThatThrownBy(() -> reader.parse("id.yml", PETS_YAML.replace("name: pets", "name: a/b")))
                .hasMessage("id.yml, group 'a/b': " + rule);
        GroupSpec overRpc = new GroupSpec("a/b", reader.parse("ok.yml", PETS_YAML).get(0).properties());
        assertThatThrownBy(() -> validator.validate(overRpc)).hasMessage("group 'a/b': " + rule);
        assertThatThrownBy(() -> validator.validate(new GroupSpec(" ", overRpc.properties())))
                .hasMessage(GroupSpecValidator.BLANK_ID);
    }

    @Test
    void theShippedExamplesParseWithTheOneReader() {
        List<GroupSpec> quickstart = reader.readFiles(List.of(EXAMPLES.resolve("quickstart.yml")), InputStream.nullInputStream());
        assertThat(quickstart).extracting(GroupSpec::id).containsExactly("workers");
        GroupSpec libvirt = reader.readFiles(List.of(EXAMPLES.resolve("libvirt/group.yml")), InputStream.nullInputStream()).get(0);
        // The Go-template placeholder is the libvirt plugin's to fill in per instance.
        assertThat(libvirt.properties().at("/Instance/Properties/Domain/Devices/Serials/0/Log/File").asText())
                .isEqualTo("/var/log/libvirt/qemu/{{.ID}}-console.log");
        validator.validate(libvirt);
        assertThatThrownBy(() -> reader.readFiles(List.of(EXAMPLES.resolve("broken.yml")), InputStream.nullInputStream()))
                .isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void stdinAndFoldersAreSources(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.yml"), PETS_YAML.replace("name: pets", "name: second"));
        Files.writeString(dir.resolve("a.json"), Files.readString(EXAMPLES.resolve("docker/pets.json")));
        Files.writeString(dir.resolve("notes.txt"), "not a spec");
        assertThat(reader.readFiles(List.of(dir), InputStream.nullInputStream()))
                .extracting(GroupSpec::id).containsExactly("docker-pets", "second");
        InputStream stdin = new ByteArrayInputStream(PETS_YAML.getBytes(StandardCharsets.UTF_8));
        assertThat(reader.read(List.of("-"), stdin)).extracting(GroupSpec::id).containsExactly("pets");
        assertThatThrownBy(() -> reader.readFiles(List.of(dir.resolve("empty")), InputStream.nullInputStream()))
                .hasMessageContaining("empty: no such file");
    }
}

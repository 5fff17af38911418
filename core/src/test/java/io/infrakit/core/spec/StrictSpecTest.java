package io.infrakit.core.spec;

import io.infrakit.spi.group.GroupSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 13, items 1 and 2: strict types, duplicate keys, anchors, ID rule, size ceiling, input limits. */
class StrictSpecTest {

    final SpecReader reader = new SpecReader(Map.of(), null);
    final GroupSpecValidator validator = new GroupSpecValidator();

    static final String YAML = """
            kind: group
            metadata: {name: web}
            properties:
              Allocation:
                Size: 3
              Instance: {Plugin: simulator/compute, Properties: {}}
              Flavor: {Plugin: vanilla, Properties: {}}
            """;
    static final String JSON = """
            {"ID": "web", "Properties": {"Allocation": {"Size": 3},
              "Instance": {"Plugin": "simulator/compute"}, "Flavor": {"Plugin": "vanilla"}}}
            """;

    @Test
    void integersAreIntegersInYamlJsonAndOverRpc() {
        for (String size : List.of("\"5\"", "5.5", "1e9", "'5'", "5.0")) {
            assertThatThrownBy(() -> reader.parse("y.yml", YAML.replace("Size: 3", "Size: " + size)))
                    .as(size).isInstanceOf(InvalidSpecException.class)
                    .hasMessageContaining("field properties.Allocation.Size: value ")
                    .hasMessageContaining("is not a whole number; write e.g. 3");
        }
        for (String size : List.of("\"5\"", "5.5", "1e9", "1E3")) {
            assertThatThrownBy(() -> reader.parse("j.json", JSON.replace("\"Size\": 3", "\"Size\": " + size)))
                    .as(size).hasMessageContaining("field Properties.Allocation.Size: value ")
                    .hasMessageContaining("is not a whole number");
            GroupSpec rpc = new GroupSpec("web", validator.mapper().valueToTree(Map.of(
                    "Allocation", Map.of("Size", size.equals("\"5\"") ? (Object) "5" : Double.parseDouble(size)),
                    "Instance", Map.of("Plugin", "simulator/compute"), "Flavor", Map.of("Plugin", "vanilla"))));
            assertThatThrownBy(() -> validator.validate(rpc)).as(size)
                    .hasMessageContaining("field Properties.Allocation.Size: value ").hasMessageContaining("is not a whole number");
        }
        assertThat(reader.parse("ok.yml", YAML).get(0).properties().at("/Allocation/Size").asInt()).isEqualTo(3);
        assertThatThrownBy(() -> reader.parse("p.yml", YAML.replace("Size: 3", "Size: 3\n  Policy: {MaxSurge: \"2\"}")))
                .hasMessageContaining("field properties.Policy.MaxSurge: value \"2\" is not a whole number");
    }

    @Test
    void durationsAreDurations() {
        assertThat(validator.validate(reader.parse("ok.yml", YAML.replace("Size: 3", "Size: 3\n  Updating: {Duration: 30s}")).get(0))
                .policy()).isNotNull();
        assertThatThrownBy(() -> reader.parse("d.yml", YAML.replace("Size: 3", "Size: 3\n  Updating: {Duration: 30}")))
                .hasMessageContaining("Updating.Duration");
        assertThatThrownBy(() -> reader.parse("d.yml", YAML.replace("Size: 3", "Size: 3\n  Policy: {PollInterval: soon}")))
                .hasMessageContaining("PollInterval");
    }

    @Test
    void duplicateKeysAreRefusedInYamlAndJson() {
        assertThatThrownBy(() -> reader.parse("dup.yml", YAML.replace("Size: 3", "Size: 3\n    Size: 300")))
                .hasMessageStartingWith("dup.yml:")
                .hasMessageContaining("key 'Size' is given twice in one mapping (the last would win silently): keep one");
        assertThatThrownBy(() -> reader.parse("dup.json", JSON.replace("\"Size\": 3", "\"Size\": 3, \"Size\": 300")))
                .hasMessageContaining("key 'Size' is given twice");
    }

    @Test
    void yamlAnchorsAndAliasesAreRefused() {
        String anchored = YAML.replace("Instance: {Plugin: simulator/compute, Properties: {}}",
                "Instance: &i {Plugin: simulator/compute, Properties: {}}\n  Extra: *i");
        assertThatThrownBy(() -> reader.parse("a.yml", anchored))
                .hasMessage("a.yml:6:13: YAML anchor &i is not allowed in a spec: write the value out in full");
        String bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n";
        assertThatThrownBy(() -> reader.parse("bomb.yml", bomb)).hasMessageContaining("YAML anchor &a is not allowed");
    }

    @Test
    void aGroupAtMostOncePerCommitNamingBothPlaces(@TempDir Path dir) throws Exception {
        String two = YAML + "---\n" + YAML;
        assertThatThrownBy(() -> reader.parse("two.yml", two))
                .hasMessageContaining("two.yml (document 2): group 'web' is defined twice in this file");
        Files.writeString(dir.resolve("a.yml"), YAML);
        Files.writeString(dir.resolve("b.yml"), YAML);
        assertThatThrownBy(() -> reader.readFiles(List.of(dir.resolve("a.yml"), dir.resolve("b.yml")), InputStream.nullInputStream()))
                .hasMessageContaining(dir.resolve("b.yml") + ": group 'web' is also defined in " + dir.resolve("a.yml"));
    }

    @Test
    void theGroupIdRuleRefusesNulLongNamesAndSlashesAlike() {
        String rule = "is not a plain name: use 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit";
        for (String id : List.of("ba\u0000se", "x".repeat(300), "a/b", "-lead", ".hidden", "a b")) {
            GroupSpec spec = new GroupSpec(id, reader.parse("ok.yml", YAML).get(0).properties());
            assertThatThrownBy(() -> validator.validate(spec)).as(id).hasMessageContaining(rule)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000").hasSizeLessThan(400));
        }
        assertThatThrownBy(() -> reader.parse("j.json", JSON.replace("\"web\"", "\"ba\\u0000se\"")))
                .hasMessageContaining("group ID 'ba\\u0000se' " + rule);
        assertThat(validator.validate(new GroupSpec("x".repeat(63), reader.parse("ok.yml", YAML).get(0).properties())).id())
                .hasSize(63);
    }

    @Test
    void sizeAndLogicalIdsStopAtTheCeilingWhichCanBeRaised() {
        assertThat(validator.maxSize()).isEqualTo(GroupSpecValidator.DEFAULT_MAX_SIZE);
        assertThat(validator.validate(reader.parse("ok.yml", YAML.replace("Size: 3", "Size: 10000")).get(0)).desired())
                .isEqualTo(10_000);
        assertThatThrownBy(() -> reader.parse("big.yml", YAML.replace("Size: 3", "Size: 1000000000")))
                .hasMessageContaining("properties.Allocation.Size is 1000000000, above the ceiling of 10000 instances per group:"
                        + " use a smaller Size, or raise the ceiling with INFRAKIT_MAX_SIZE=N");
        String ids = String.join(", ", java.util.stream.IntStream.rangeClosed(1, 10_001).mapToObj(i -> "db-" + i).toList());
        assertThatThrownBy(() -> reader.parse("pets.yml", YAML.replace("Size: 3", "LogicalIDs: [" + ids + "]")))
                .hasMessageContaining("properties.Allocation.LogicalIDs has 10001 names, above the ceiling of 10000");
        GroupSpec big = new GroupSpec("web", reader.parse("ok.yml", YAML).get(0).properties().deepCopy());
        ((com.fasterxml.jackson.databind.node.ObjectNode) big.properties().get("Allocation")).put("Size", 20_000);
        assertThatThrownBy(() -> validator.validate(big)).hasMessageContaining("above the ceiling of 10000");
        assertThat(new GroupSpecValidator(50_000).validate(big).desired()).isEqualTo(20_000);
        assertThat(GroupSpecValidator.maxSize("50000")).isEqualTo(50_000);
        assertThat(GroupSpecValidator.maxSize("lots")).isEqualTo(GroupSpecValidator.DEFAULT_MAX_SIZE);
    }

    @Test
    void specInputIsBoundedAndRegularFilesOnly(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        assertThatThrownBy(() -> SpecDocuments.read(List.of("/dev/zero"), InputStream.nullInputStream()))
                .hasMessage("/dev/zero: not a regular file: give a spec file (or - to read standard input)");
        Path huge = dir.resolve("huge.yml");
        try (var ch = java.nio.channels.FileChannel.open(huge, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{'#'}), 50L * 1024 * 1024); // sparse: 50 MB without writing them
        }
        assertThatThrownBy(() -> reader.readFiles(List.of(huge), InputStream.nullInputStream()))
                .hasMessage(huge + ": 52428801 bytes, more than a spec may have (1048576 bytes, 1 MiB): split it into"
                        + " several files or a folder");
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return ' ';
            }
        };
        assertThatThrownBy(() -> reader.read(List.of("-"), endless))
                .hasMessage("(stdin): more than 1048576 bytes (1 MiB), more than a spec may have: split it into several files or a folder");
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        assertThat(reader.read(List.of("-"), new ByteArrayInputStream(YAML.getBytes()))).hasSize(1);
    }

    @Test
    void templatesAreBoundedInOutputAndTime() {
        long start = System.nanoTime();
        String loop = "{% for i in range(1, 100000000) %}xxxxxxxxxxxxxxxx{% endfor %}\n" + YAML;
        assertThatThrownBy(() -> reader.parse("loop.yml", loop))
                .hasMessage("loop.yml: template renders more than 1048576 bytes (1 MiB): look for a loop that runs too"
                        + " long (a range or a recursive macro)");
        String quiet = "{% for i in range(1, 2000000000) %}{% endfor %}\n" + YAML;
        assertThatThrownBy(() -> reader.parse("quiet.yml", quiet))
                .hasMessage("quiet.yml: template takes more than 2 s to render: look for a loop that runs too long"
                        + " (a range or a recursive macro)");
        assertThat(System.nanoTime() - start).isLessThan(4_000_000_000L);
        assertThat(reader.parse("t.yml", YAML.replace("Size: 3", "Size: {{ 1 + 2 }}")).get(0)
                .properties().at("/Allocation/Size").asInt()).isEqualTo(3);
    }
}

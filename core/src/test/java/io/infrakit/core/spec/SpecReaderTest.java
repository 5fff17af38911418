package io.infrakit.core.spec;

import io.infrakit.spi.group.GroupSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecReaderTest {

    static final PluginCatalog CATALOG = new PluginCatalog() {
        @Override
        public boolean exists(String name) {
            return known().contains(name.split("/")[0]);
        }

        @Override
        public Collection<String> known() {
            return Set.of("simulator", "vanilla");
        }
    };

    static SpecReader parser(Map<String, String> vars) {
        return new SpecReader(vars, CATALOG);
    }

    static final String TUTORIAL = """
            kind: group
            metadata:
              name: workers
            properties:
              Allocation:
                Size: 5
              Flavor:
                Plugin: vanilla
                Properties:
                  Init:
                    - echo hello
                  Tags:
                    custom.tag1 : tutorial
              Instance:
                Plugin: simulator/compute
                Properties:
                  apiProperty1 : value1
            """;

    @Test
    void readsTheNewShapeInYaml() {
        List<GroupSpec> specs = parser(Map.of()).parse("group.yml", TUTORIAL);
        assertThat(specs).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("workers");
            assertThat(s.properties().at("/Allocation/Size").asInt()).isEqualTo(5);
            assertThat(s.properties().at("/Instance/Properties/apiProperty1").asText()).isEqualTo("value1");
        });
    }

    @Test
    void readsInfraKitsLegacyJsonAndItsManagerArray() {
        String legacy = """
                {"ID":"cap","Properties":{"Allocation":{"Size":3},
                 "Instance":{"Plugin":"simulator/compute","Properties":{"cpu":1}},
                 "Flavor":{"Plugin":"vanilla","Properties":{}}}}""";
        assertThat(parser(Map.of()).parse("cap.json", legacy)).extracting(GroupSpec::id).containsExactly("cap");
        String array = "[{\"Plugin\":\"group\",\"Properties\":" + legacy + "}]";
        assertThat(parser(Map.of()).parse("global.json", array)).extracting(GroupSpec::id).containsExactly("cap");
    }

    @Test
    void multiDocumentYamlCommitsSeveralGroups() {
        String two = TUTORIAL + "---\n" + TUTORIAL.replace("name: workers", "name: db").replace("Size: 5", "Size: 1");
        assertThat(parser(Map.of()).parse("two.yml", two)).extracting(GroupSpec::id).containsExactly("workers", "db");
    }

    @Test
    void templatesUseVarsThenEnvironmentAndRefuseUndefinedOnesWithTheLine() {
        String t = TUTORIAL.replace("Size: 5", "Size: {{ size }}").replace("value1", "{{ USER_NAME }}-{{ zone | default(\"z1\") }}");
        Map<String, String> vars = SpecReader.variables(Map.of("USER_NAME", "ann", "size", "2"), Map.of("size", "7"));
        GroupSpec s = parser(vars).parse("t.yml", t).get(0);
        assertThat(s.properties().at("/Allocation/Size").asInt()).isEqualTo(7);
        assertThat(s.properties().at("/Instance/Properties/apiProperty1").asText()).isEqualTo("ann-z1");

        assertThatThrownBy(() -> parser(Map.of("size", "1")).parse("t.yml", t))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("t.yml:17: undefined variable 'USER_NAME'")
                .hasMessageContaining("--var USER_NAME=VALUE");
    }

    @Test
    void shellSyntaxInInitScriptsIsNotMistakenForTemplates() {
        String t = TUTORIAL.replace("echo hello", "echo ${#list[@]} {{ n }}");
        assertThat(parser(Map.of("n", "x")).parse("t.yml", t).get(0).properties().at("/Flavor/Properties/Init/0").asText())
                .isEqualTo("echo ${#list[@]} x");
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() {
        assertThatThrownBy(() -> parser(Map.of()).parse("bad.yml", "kind: group\nmetadata:\n  name: [workers\nproperties: {}\n"))
                .hasMessageMatching("(?s)bad.yml:\\d+:\\d+: YAML syntax error: .*");
        assertThatThrownBy(() -> parser(Map.of()).parse("bad.json", "{\"ID\": \"x\",\n \"Properties\": {,}}"))
                .hasMessageStartingWith("bad.json:2:").hasMessageContaining("JSON syntax error");
    }

    @Test
    void refusesBadSpecsWithEveryProblemNamed() {
        String bad = TUTORIAL.replace("Size: 5", "Size: -1").replace("Plugin: simulator/compute", "Plugin: nosuch/compute");
        assertThatThrownBy(() -> parser(Map.of()).parse("bad.yml", bad))
                .isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).problems()).hasSize(2))
                .hasMessageContaining("properties.Allocation.Size is -1: a size must be 0 or more")
                .hasMessageContaining("properties.Instance.Plugin 'nosuch/compute' is not a known plugin");

        String both = TUTORIAL.replace("Size: 5", "Size: 2\n    LogicalIDs: [a, b]");
        assertThatThrownBy(() -> parser(Map.of()).parse("both.yml", both))
                .hasMessageContaining("has both Size (2) and LogicalIDs ([a, b])");

        String typo = TUTORIAL.replace("Allocation:", "Alocation:");
        assertThatThrownBy(() -> parser(Map.of()).parse("typo.yml", typo))
                .hasMessageContaining("unknown field properties.Alocation: did you mean Allocation?");

        String top = TUTORIAL.replace("metadata:", "metdata:");
        assertThatThrownBy(() -> parser(Map.of()).parse("top.yml", top))
                .hasMessageContaining("unknown field metdata: did you mean metadata?");

        assertThatThrownBy(() -> parser(Map.of()).parse("kind.yml", TUTORIAL.replace("kind: group", "kind: ingress")))
                .hasMessageContaining("kind is 'ingress': this manager serves kind: group");
    }

    @Test
    void oneBadFileRefusesTheWholeSet(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.yml"), TUTORIAL);
        Path bad = Files.writeString(dir.resolve("bad.yml"), TUTORIAL.replace("workers", "db").replace("Size: 5", "Size: -2"));
        assertThatThrownBy(() -> parser(Map.of()).readFiles(List.of(good, bad), InputStream.nullInputStream()))
                .hasMessageContaining("bad.yml, group 'db': properties.Allocation.Size is -2");
        assertThatThrownBy(() -> parser(Map.of()).readFiles(List.of(good, good), InputStream.nullInputStream()))
                .hasMessageContaining("group 'workers' is also defined in");
    }
}

package io.infrakit.core.spec;

import io.infrakit.spi.group.GroupSpec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code {{ var "PATH" }}} in group specs: a later group uses what a deployment stored. */
class VarFunctionTest {

    static final Map<String, String> STORE = Map.of("deployments/swarm/jointoken", "SWMTKN-1-abc");

    @Test
    void bothCallFormsReadTheStoreAndGoPlaceholdersStayText() {
        SpecTemplate t = new SpecTemplate(k -> Optional.ofNullable(STORE.get(k)));
        assertThat(t.render("s.yml", "a: {{ var \"deployments/swarm/jointoken\" }} b: {{ var(\"deployments/swarm/jointoken\") }} c: {{.ID}}", Map.of()))
                .isEqualTo("a: SWMTKN-1-abc b: SWMTKN-1-abc c: {{.ID}}");
        assertThat(SpecTemplate.varReferences("x {{ var \"a/b\" }} {{ var(\"c\") }}")).containsExactly("a/b", "c");
    }

    @Test
    void anUnsetKeyIsAnErrorNamingItAndHowToSetIt() {
        SpecTemplate t = new SpecTemplate(k -> Optional.empty());
        assertThatThrownBy(() -> t.render("s.yml", "a: 1\nb: {{ var \"deployments/swarm/jointoken\" }}\n", Map.of()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("s.yml: template error: line 2:")
                .hasMessageContaining("key 'deployments/swarm/jointoken' is not set")
                .hasMessageContaining("infrakit vars set deployments/swarm/jointoken VALUE");
    }

    @Test
    void aGroupSpecReadsAKeyThroughTheReader() throws Exception {
        Path f = Files.createTempFile("group", ".yml");
        try {
            Files.writeString(f, SpecReaderTest.TUTORIAL.replace("echo hello", "docker swarm join --token {{ var \"deployments/swarm/jointoken\" }}"));
            List<GroupSpec> specs = new SpecReader(Map.of(), null).withVars(k -> Optional.ofNullable(STORE.get(k)))
                    .readFiles(List.of(f), new ByteArrayInputStream(new byte[0]));
            assertThat(specs.getFirst().properties().at("/Flavor/Properties/Init/0").asText())
                    .isEqualTo("docker swarm join --token SWMTKN-1-abc");
        } finally {
            Files.delete(f);
        }
    }
}

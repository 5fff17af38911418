package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small parsers and formatters behind -o, AGE, -w and "did you mean". */
class OutputPiecesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonPathSubset() throws Exception {
        JsonNode data = JSON.readTree("[{\"ID\":\"a\",\"Tags\":{\"t\":\"1\"},\"L\":[1,2]},{\"ID\":\"b\",\"Tags\":{}}]");
        assertThat(JsonPath.parse("{.[*].ID}").select(data)).extracting(JsonNode::asText).containsExactly("a", "b");
        assertThat(JsonPath.parse(".ID").select(data)).extracting(JsonNode::asText).containsExactly("a", "b");
        assertThat(JsonPath.parse("[1].ID").select(data)).extracting(JsonNode::asText).containsExactly("b");
        assertThat(JsonPath.parse("{[*].Tags.t}").select(data)).extracting(JsonNode::asText).containsExactly("1");
        assertThat(JsonPath.parse("$[0].L[*]").select(data)).extracting(JsonNode::asInt).containsExactly(1, 2);
        assertThatThrownBy(() -> JsonPath.parse("{.items[?(@.a)]}")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("is neither [*] nor [N]");
        assertThatThrownBy(() -> JsonPath.parse(".a[0")).hasMessageContaining("not closed");
    }

    @Test
    void templateReplacesFieldsAndMarksMissingOnes() throws Exception {
        JsonNode e = JSON.readTree("{\"ID\":\"a\",\"Tags\":{\"t\":\"1\"}}");
        assertThat(TextTemplate.render("{{.ID}}:{{ .Tags.t }}:{{.Nope}}", e)).isEqualTo("a:1:<none>");
        assertThat(TextTemplate.render("$ {{.ID}} \\\\", e)).isEqualTo("$ a \\\\");
    }

    @Test
    void agesAreRelative() {
        Instant now = Instant.parse("2026-01-02T00:00:00Z");
        assertThat(Ages.since(now.minusSeconds(12), now)).isEqualTo("12s");
        assertThat(Ages.since(now.minusSeconds(180), now)).isEqualTo("3m");
        assertThat(Ages.since(now.minusSeconds(5 * 3600), now)).isEqualTo("5h");
        assertThat(Ages.since(now.minusSeconds(3 * 86400), now)).isEqualTo("3d");
        assertThat(Ages.since(null, now)).isEqualTo("-");
        assertThat(Ages.since(now.plusSeconds(5), now)).isEqualTo("0s");
    }

    @Test
    void watchComparesRowsWithoutPaddingOrAges() {
        assertThat(Watch.key("workers  i-1   Running  12s  abc")).isEqualTo(Watch.key("workers i-1 Running 13s abc"));
        assertThat(Watch.key("workers  5  5  yes")).isNotEqualTo(Watch.key("workers  5  6  yes"));
    }

    @Test
    void suggestionsCatchSwapsAndSynonymsButNotStrangers() {
        List<String> commands = List.of("get", "destroy", "describe", "apply", "plan");
        assertThat(Suggest.closest("gte", commands)).contains("get");
        assertThat(Suggest.closest("destory", commands)).contains("destroy");
        assertThat(Suggest.closest("delete", commands)).contains("destroy");
        assertThat(Suggest.closest("xyzzy", commands)).isEmpty();
        assertThat(Suggest.closest("--fiel", List.of("--file", "--var", "--wait"))).contains("--file");
        assertThat(Suggest.closest("--vra", List.of("--file", "--var", "--wait"))).contains("--var");
        assertThat(Suggest.didYouMean("wrokers", List.of("workers", "web"))).isEqualTo("; did you mean workers?");
    }

    @Test
    void tableWithoutHeaderAndWithPaint() {
        Table t = new Table(false, "A", "B").row("x", "Converged").row("yy", "z");
        assertThat(t.lines(s -> s.equals("Converged") ? "[" + s + "]" : s)).containsExactly("x   [Converged]", "yy  z");
    }
}

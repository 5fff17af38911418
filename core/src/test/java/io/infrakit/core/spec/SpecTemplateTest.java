package io.infrakit.core.spec;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecTemplateTest {

    final SpecTemplate template = new SpecTemplate();

    @Test
    void documentedCommentsAreRemovedAndKeepLineNumbers() {
        String text = "{{# a comment #}}\nkind: group\n{{# two\nlines #}}\nsize: {{ size }}\n";
        assertThat(template.render("c.yml", text, Map.of("size", "3")))
                .isEqualTo("\nkind: group\n\n\nsize: 3\n");
        // The undefined variable is on line 5 of what the user wrote, comments included.
        assertThatThrownBy(() -> template.render("c.yml", text, Map.of()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("c.yml:5: undefined variable 'size'");
    }

    @Test
    void anUnclosedCommentNamesItsLine() {
        assertThatThrownBy(() -> template.render("c.yml", "a: 1\n{{# never closed\nb: 2\n", Map.of()))
                .hasMessage("c.yml:2: template comment '{{#' is not closed: end it with '#}}'");
    }

    @Test
    void goTemplatePlaceholdersAreLeftForThePlugin() {
        String text = "Log: {File: \"/var/log/{{.ID}}-console.log\"}\nName: {{ .Tags.name }}-{{ zone }}\nT: '{{- .X -}}'\n";
        assertThat(template.render("g.yml", text, Map.of("zone", "z1")))
                .isEqualTo("Log: {File: \"/var/log/{{.ID}}-console.log\"}\nName: {{ .Tags.name }}-z1\nT: '{{- .X -}}'\n");
    }

    @Test
    void shellTextIsNotACommentAndVerbatimPassesBraces() {
        String text = "Init: echo ${#list[@]} {% verbatim %}{{ not_ours }}{% endverbatim %}\n";
        assertThat(template.render("s.yml", text, Map.of())).isEqualTo("Init: echo ${#list[@]} {{ not_ours }}\n");
    }

    @Test
    void anUnquotedPlaceholderInYamlIsASyntaxErrorInPlainWords() {
        SpecReader reader = new SpecReader(Map.of(), null);
        assertThatThrownBy(() -> reader.parse("l.yml", "kind: group\nmetadata: {name: x}\nproperties:\n  Log: {File: {{.ID}}}\n"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("l.yml:4:")
                .hasMessageContaining("YAML syntax error")
                .hasMessageContaining("the start of a mapping")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("org.yaml", "Event("));
    }
}

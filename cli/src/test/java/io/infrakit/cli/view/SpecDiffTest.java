package io.infrakit.cli.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpecDiffTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void namesChangedAddedAndRemovedPaths() throws Exception {
        JsonNode before = json("{'Allocation':{'Size':5},'Instance':{'Plugin':'simulator/compute','Properties':{'release':'v1','cpu':1}}}");
        JsonNode after = json("{'Allocation':{'Size':8},'Instance':{'Plugin':'simulator/compute','Properties':{'release':'v2','disk':20}}}");
        SpecDiff d = SpecDiff.between(before, after);
        assertThat(d.lines("", Colour.NONE)).containsExactly(
                "~ Allocation.Size: 5 -> 8",
                "~ Instance.Properties.release: \"v1\" -> \"v2\"",
                "- Instance.Properties.cpu: 1",
                "+ Instance.Properties.disk: 20");
        assertThat(d.summary()).isEqualTo("4 fields changed: Allocation.Size, Instance.Properties.release, Instance.Properties.cpu, ...");
    }

    @Test
    void equalDocumentsHaveNoChangeEvenWithNullsAndOtherNumberTypes() throws Exception {
        JsonNode stored = json("{'Allocation':{'Size':3,'LogicalIDs':null},'Flavor':{'Plugin':'vanilla','Properties':null}}");
        JsonNode written = json("{'Allocation':{'Size':3.0},'Flavor':{'Plugin':'vanilla'}}");
        SpecDiff d = SpecDiff.between(stored, written);
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.summary()).isEqualTo("no change");
    }

    @Test
    void oneChangeMakesAShortSummary() throws Exception {
        assertThat(SpecDiff.between(json("{'Allocation':{'Size':5}}"), json("{'Allocation':{'Size':8}}")).summary())
                .isEqualTo("Allocation.Size 5 -> 8");
        assertThat(SpecDiff.between(json("{'A':1}"), json("{'A':1,'Policy':{'MaxUnhealthy':2}}")).summary())
                .isEqualTo("added Policy.MaxUnhealthy = 2");
    }

    @Test
    void addedSectionsAreListedLeafByLeafAndOddKeysAreQuoted() throws Exception {
        JsonNode after = json("{'Flavor':{'Properties':{'Tags':{'custom.tag1':'x'},'Init':['a','b']}}}");
        assertThat(SpecDiff.between(null, after).paths())
                .containsExactly("Flavor.Properties.Tags[\"custom.tag1\"]", "Flavor.Properties.Init");
    }

    @Test
    void arraysOfValuesCompareWholeArraysOfObjectsByElement() throws Exception {
        assertThat(SpecDiff.between(json("{'Init':['a','b']}"), json("{'Init':['a','c']}")).lines("", Colour.NONE))
                .containsExactly("~ Init: [\"a\",\"b\"] -> [\"a\",\"c\"]");
        assertThat(SpecDiff.between(json("{'Att':[{'ID':'d1'}]}"), json("{'Att':[{'ID':'d2'},{'ID':'d3'}]}")).lines("", Colour.NONE))
                .containsExactly("~ Att[0].ID: \"d1\" -> \"d2\"", "+ Att[1].ID: \"d3\"");
    }

    @Test
    void colourOnlyWhenAsked() throws Exception {
        SpecDiff d = SpecDiff.between(json("{'A':1}"), json("{'A':2}"));
        assertThat(d.lines("  ", Colour.NONE)).containsExactly("  ~ A: 1 -> 2");
        assertThat(d.lines("  ", Colour.always())).containsExactly("  \u001b[33m~ A: 1 -> 2\u001b[0m");
        assertThat(Colour.forTerminal(java.util.Map.of("NO_COLOR", "1")).enabled()).isFalse();
    }
}

package io.infrakit.gcp;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.PluginKindChecks;
import io.infrakit.spi.schema.Field;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GcpPluginKindTest {

    @Test
    void isFoundByServiceLoaderWithItsOptionsAndSchema() {
        PluginKind kind = PluginKindChecks.kind("gcp");
        assertThat(kind.options()).containsKeys("project", "zone", "endpoint", "page-size", "operation-timeout", "throttle-timeout");
                Field schema = PluginKindChecks.schemaIsTheRecord(kind, GcpProperties.class, GcpSchema.DOCS);
        assertThat(schema.child("MachineType").orElseThrow().required()).isTrue();
    }

    @Test
    void listingTheKindLoadsNoClassOfGooglesSdk() throws Exception {
        // A fresh class loader over the same class path: the kind is listed and described, the SDK stays unloaded.
        assertThat(PluginKindChecks.classesLoadedByListingKinds()).contains("io.infrakit.gcp.GcpPluginKind").doesNotContain("com.google.cloud").doesNotContain("com.google.api.gax");
    }

    @Test
    void optionsAreCheckedNamingTheOptionAndTheFix() {
        assertThatThrownBy(() -> GcpOptions.parse(Map.of("projekt", "x"), Map.of())).hasMessageContaining("unknown gcp option 'projekt'");
        assertThatThrownBy(() -> GcpOptions.parse(Map.of(), Map.of())).hasMessageContaining("--opt gcp.project=");
        assertThatThrownBy(() -> GcpOptions.parse(Map.of("project", "My_Project"), Map.of())).hasMessageContaining("project='My_Project' is not a project ID");
        assertThatThrownBy(() -> GcpOptions.parse(Map.of("project", "my-project"), Map.of())).hasMessageContaining("--opt gcp.zone=");
        assertThatThrownBy(() -> GcpOptions.parse(Map.of("project", "my-project", "zone", "europe-west1"), Map.of())).hasMessageContaining("zone='europe-west1'");
        assertThatThrownBy(() -> GcpOptions.parse(Map.of("project", "my-project", "zone", "europe-west1-b", "page-size", "900"), Map.of()))
                .hasMessageContaining("page-size='900' must be a whole number from 1 to 500");
        GcpOptions o = GcpOptions.parse(Map.of("zone", "europe-west1-b", "operation-timeout", "90s"), Map.of("GOOGLE_CLOUD_PROJECT", "my-project"));
        assertThat(o.project()).isEqualTo("my-project");
        assertThat(o.operationTimeout()).hasSeconds(90);
    }

    @Test
    void validateWorksOfflineAndNamesTheField() {
        GcpValidation v = new GcpValidation();
        String ok = "\"MachineType\": \"e2-small\", \"Image\": \"projects/debian-cloud/global/images/family/debian-12\"";
        v.read(GcpInstancePluginTest.props("{" + ok + "}"));
        Map<String, String> bad = Map.of(
                "{\"Image\": \"projects/debian-cloud/global/images/family/debian-12\"}", "Properties.MachineType is required",
                "{\"MachineType\": \"e2-small\", \"Image\": \"debian-12\"}", "Properties.Image 'debian-12' is not an image like",
                "{" + ok + ", \"DiskSizeGb\": 5}", "Properties.DiskSizeGb 5 must be from 10",
                "{" + ok + ", \"DiskType\": \"ssd\"}", "Properties.DiskType 'ssd' is not one of",
                "{" + ok + ", \"NetworkTags\": [\"Web\"]}", "Properties.NetworkTags[0] 'Web'",
                "{" + ok + ", \"Zone\": \"x\"}", "unknown field Properties.Zone",
                "{" + ok + ", \"Scopes\": \"x\"}", "Properties.Scopes has the wrong type",
                "{" + ok + ", \"Tags\": {\"a\": \"" + "B".repeat(30) + "\"}}", "Properties.Tags 'a' has a value of 90 characters");
        bad.forEach((json, message) -> assertThatThrownBy(() -> v.read(GcpInstancePluginTest.props(json)))
                .as(json).isInstanceOf(PluginException.class).hasMessageContaining(message));
    }

    @Test
    void theDocsPageNamesEveryOptionAndProperty() throws Exception {
        String page = PluginKindChecks.docsPageNamesEvery("gcp", GcpOptions.DESCRIPTIONS.keySet(), GcpSchema.DOCS.keySet());
        assertThat(page).contains("infrakit plugin start").contains("examples/gcp/docker-hosts.yml")
                .contains("infrakit_2egroup").contains("k___4eame").contains(GcpInstancePlugin.CHEAP_FIELDS);
    }
}

package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.core.manager.ManagerApi;
import io.infrakit.rpc.WireJson;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.CompactTags;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.TagPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code get instances} rows read from the typed description (in the daemon) against the same rows read from its JSON
 * (the full CLI): every column and the {@code -o json} element alike, for members with and without IDs, logical IDs,
 * tags, null tag values, init states and another config.
 */
class InstanceRowsTest {

    @Test
    void typedAndJsonDescriptionsGiveTheSameRows(@TempDir Path home) throws Exception {
        GroupSpec spec = WireJson.mapper().readValue("""
                {"ID":"web","Properties":{"Allocation":{"Size":6},
                 "Instance":{"Plugin":"simulator/compute","Properties":{"image":"v1"}},
                 "Flavor":{"Plugin":"vanilla","Properties":{"Init":["echo hi"]}}}}""", GroupSpec.class);
        TagPool pool = new TagPool();
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put(Tags.CONFIG_HASH, null);
        nullValue.put("zone", "a");
        List<InstanceDescription> members = new ArrayList<>(List.of(
                new InstanceDescription("i-1", "10.0.0.1", CompactTags.of(Map.of(Tags.CONFIG_HASH, "other-hash", "b", "2", "a", "1"), pool), null),
                new InstanceDescription("i-2", null, CompactTags.of(Map.of(Tags.INIT_STATUS, Tags.INIT_RUNNING), pool), null),
                new InstanceDescription("i-3", "", Map.of(Tags.INIT_STATUS, Tags.INIT_FAILED), null),
                new InstanceDescription("i-4", "db-1", CompactTags.of(nullValue, pool), WireJson.mapper().readTree("{\"x\":1}")),
                new InstanceDescription("i-5", null, null, null),
                new InstanceDescription(null, null, CompactTags.of(Map.of(), pool), null)));
        GroupDescription typed = new GroupDescription(members, false);
        JsonNode json = WireJson.mapper().valueToTree(typed);
        List<ManagerApi.EventView> events = List.of(
                new ManagerApi.EventView(1, "2026-11-29T06:11:42.267302200Z", "PROVISIONED", "web", "i-1", "provisioned"),
                new ManagerApi.EventView(2, "2026-11-29T06:11:43Z", "PROVISIONED", "web", "i-4", "provisioned"),
                new ManagerApi.EventView(3, "not a time", "PROVISIONED", "web", "i-2", "provisioned"),
                new ManagerApi.EventView(4, "2026-11-29T06:11:44Z", "DESTROYED", "web", "i-3", "destroyed"));
        CliEnv env = new CliEnv(Map.of("INFRAKIT_HOME", home.toString()), action -> { });
        try (InstanceRows rows = new InstanceRows(env)) {
            List<InstanceRows.Row> fromTyped = rows.rows(spec, typed, InstanceRows.provisioned(events), false);
            List<InstanceRows.Row> fromJson = rows.rows(spec, json, events, false);
            assertThat(fromTyped).hasSize(members.size()).hasSameSizeAs(fromJson);
            for (int i = 0; i < fromTyped.size(); i++) {
                InstanceRows.Row t = fromTyped.get(i);
                InstanceRows.Row j = fromJson.get(i);
                assertThat(t.id()).as("row " + i).isEqualTo(j.id());
                assertThat(t.logicalId()).as("row " + i).isEqualTo(j.logicalId());
                assertThat(t.hash()).as("row " + i).isEqualTo(j.hash());
                assertThat(t.status()).as("row " + i).isEqualTo(j.status());
                assertThat(t.health()).as("row " + i).isEqualTo(j.health());
                assertThat(t.since()).as("row " + i).isEqualTo(j.since());
                assertThat(t.tagsText()).as("row " + i).isEqualTo(j.tagsText());
                assertThat(t.json().toString()).as("row " + i).isEqualTo(j.json().toString());
            }
            // What the rows say, so that both readings agreeing cannot hide both being wrong.
            assertThat(fromTyped).extracting(InstanceRows.Row::status)
                    .containsExactly("Outdated", "Initializing", "InitFailed", "Running", "Running", "Running");
            assertThat(fromTyped).extracting(InstanceRows.Row::logicalId).containsExactly("10.0.0.1", "-", "", "db-1", "-", "-");
            assertThat(fromTyped.get(0).tagsText()).isEqualTo("a=1,b=2,infrakit.config.hash=other-hash");
            assertThat(fromTyped.get(3).tagsText()).isEqualTo("infrakit.config.hash=null,zone=a");
            assertThat(fromTyped.get(5).id()).isEqualTo("null");
            assertThat(fromTyped.get(0).since()).hasToString("2026-11-29T06:11:42.267302200Z");
            assertThat(fromTyped.get(1).since()).isNull();
            assertThat(fromTyped.get(3).json().toString()).contains("\"Properties\":{\"x\":1}");
        }
    }
}

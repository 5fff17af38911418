package io.infrakit.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.Attachment;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The spec-to-create-body translation, without an engine. */
class ContainerRequestTest {

    private final ObjectMapper json = new ObjectMapper();

    private ObjectNode props(String yamlLikeJson) throws Exception {
        return (ObjectNode) json.readTree(yamlLikeJson);
    }

    private ContainerRequest request(JsonNode props, Map<String, String> tags, String logicalId, List<Attachment> attachments) {
        return ContainerRequest.from(new InstanceSpec(props, tags, null, logicalId, attachments), json);
    }

    @Test
    void cattleKeepTheUsersConfigAndGetLabelsInPrecedenceOrder() throws Exception {
        ObjectNode props = props("""
                {"Config": {"Image": "busybox:1", "Cmd": ["sleep", "60"], "Env": ["A=1"],
                            "Labels": {"owner": "config", "only.config": "c"}},
                 "Tags": {"owner": "tags", "only.tags": "t"},
                 "HostConfig": {"Memory": 67108864, "Binds": ["/srv/data:/data:ro"],
                                "Mounts": [{"Type": "volume", "Source": "cache", "Target": "/cache"}]}}""");
        String before = props.toString();

        ContainerRequest r = request(props, Map.of(Tags.GROUP, "web", "owner", "instance"), null, null);

        assertThat(r.image()).isEqualTo("busybox:1");
        assertThat(r.group()).isEqualTo("web");
        assertThat(r.logicalId()).isNull();
        assertThat(r.name()).as("the engine names cattle").isNull();
        assertThat(r.labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "owner", "instance", "only.config", "c", "only.tags", "t",
                Tags.GROUP, "web", DockerLabels.MANAGED, "true"));
        ObjectNode body = r.body();
        assertThat(body.path("Cmd").toString()).isEqualTo("[\"sleep\",\"60\"]");
        assertThat(body.path("Env").toString()).isEqualTo("[\"A=1\"]");
        assertThat(body.has("Hostname")).isFalse();
        assertThat(body.has("NetworkingConfig")).isFalse();
        assertThat(body.path("HostConfig").path("Memory").asLong()).isEqualTo(67108864L);
        assertThat(body.path("HostConfig").path("Binds").get(0).asText()).isEqualTo("/srv/data:/data:ro");
        assertThat(body.path("HostConfig").path("Mounts").get(0).path("Target").asText()).isEqualTo("/cache");
        assertThat(r.requiredNetworks()).isEmpty();
        assertThat(r.joins()).isEmpty();
        assertThat(props.toString()).as("the spec's properties are not changed").isEqualTo(before);
        assertThat(r.who()).isEqualTo("group=web logical=null");
    }

    @Test
    void ourLabelsWinOverWhatTheUserWrote() throws Exception {
        ContainerRequest r = request(props("""
                {"Config": {"Image": "busybox", "Labels": {"infrakit.docker.managed": "false", "infrakit.logical_id": "x"}}}"""),
                Map.of(), "db-1", null);
        assertThat(r.labels()).containsEntry(DockerLabels.MANAGED, "true").containsEntry(Tags.LOGICAL_ID, "db-1");
        assertThat(r.body().has("HostConfig")).as("an empty HostConfig is sent").isTrue();
    }

    @Test
    void aPetIsNamedAndHostnamedAfterItsLogicalId() throws Exception {
        ContainerRequest r = request(props("{\"Config\": {\"Image\": \"busybox\"}}"), Map.of(Tags.GROUP, "db"), "db-1", null);
        assertThat(r.name()).isEqualTo("db-1");
        assertThat(r.body().path("Hostname").asText()).isEqualTo("db-1");
        assertThat(r.labels()).containsEntry(Tags.LOGICAL_ID, "db-1");
        assertThat(r.who()).isEqualTo("group=db logical=db-1");

        ContainerRequest odd = request(props("{\"Config\": {\"Image\": \"busybox\"}}"), Map.of(), "_10.0.0.1/a_b", null);
        assertThat(odd.name()).isEqualTo("i_10.0.0.1-a_b");
        assertThat(odd.body().path("Hostname").asText()).isEqualTo("-10.0.0.1-a-b");
        assertThat(odd.labels()).as("the label keeps the logical ID as given").containsEntry(Tags.LOGICAL_ID, "_10.0.0.1/a_b");
    }

    @Test
    void aBlankLogicalIdIsCattle() throws Exception {
        ContainerRequest r = request(props("{\"Config\": {\"Image\": \"busybox\"}}"), null, "  ", null);
        assertThat(r.logicalId()).isNull();
        assertThat(r.name()).isNull();
        assertThat(r.labels()).doesNotContainKey(Tags.LOGICAL_ID);
        assertThat(r.group()).isNull();
    }

    @Test
    void aPetOnAUserNetworkAnswersToItsLogicalIdThere() throws Exception {
        ContainerRequest r = request(props("""
                {"Config": {"Image": "busybox"}, "HostConfig": {"NetworkMode": "backend"}}"""), Map.of(), "db-1", null);
        assertThat(r.body().path("NetworkingConfig").path("EndpointsConfig").path("backend").path("Aliases").toString())
                .isEqualTo("[\"db-1\"]");
        assertThat(r.requiredNetworks()).containsExactly(Map.entry("backend", "HostConfig.NetworkMode"));

        ContainerRequest cattle = request(props("""
                {"Config": {"Image": "busybox"}, "HostConfig": {"NetworkMode": "backend"}}"""), Map.of(), null, null);
        assertThat(cattle.body().has("NetworkingConfig")).as("no alias for cattle").isFalse();
        assertThat(cattle.requiredNetworks()).as("but the network must still exist").containsOnlyKeys("backend");
    }

    @Test
    void builtInNetworkModesNeedNoCheckAndGetNoAlias() throws Exception {
        for (String mode : List.of("bridge", "host", "none", "default", "container:other")) {
            ContainerRequest r = request(props("{\"Config\": {\"Image\": \"busybox\"}, \"HostConfig\": {\"NetworkMode\": \"" + mode + "\"}}"),
                    Map.of(), "db-1", null);
            assertThat(r.body().has("NetworkingConfig")).as(mode).isFalse();
            assertThat(r.requiredNetworks()).as(mode).isEmpty();
        }
    }

    @Test
    void networkAttachmentsAndFlavorNetworksAreJoinedWithAliases() throws Exception {
        ContainerRequest r = request(props("""
                {"Config": {"Image": "busybox"},
                 "HostConfig": {"NetworkMode": "front"},
                 "NetworkAttachments": [{"Name": "back", "Aliases": ["db", "primary"]},
                                        {"ID": "metrics", "Aliases": "scrape"},
                                        {"Name": "front"}]}"""),
                Map.of(), "db-1", List.of(new Attachment("storage", "network"), new Attachment("vol-1", "volume")));

        assertThat(r.joins()).containsExactly(
                new ContainerRequest.NetworkJoin("back", List.of("db-1", "db", "primary"), "NetworkAttachments"),
                new ContainerRequest.NetworkJoin("metrics", List.of("db-1", "scrape"), "NetworkAttachments"),
                new ContainerRequest.NetworkJoin("front", List.of("db-1"), "NetworkAttachments"),
                new ContainerRequest.NetworkJoin("storage", List.of("db-1"), ContainerRequest.FLAVOR_ATTACHMENTS));
        assertThat(r.requiredNetworks()).as("each network checked once, named by the first field that names it")
                .containsExactly(Map.entry("front", "HostConfig.NetworkMode"), Map.entry("back", "NetworkAttachments"),
                        Map.entry("metrics", "NetworkAttachments"), Map.entry("storage", ContainerRequest.FLAVOR_ATTACHMENTS));
        assertThat(r.ignored()).containsExactly(new Attachment("vol-1", "volume"));

        ContainerRequest cattle = request(props("""
                {"Config": {"Image": "busybox"}, "NetworkAttachments": [{"Name": "back"}]}"""),
                Map.of(), null, List.of(new Attachment("storage", "NETWORK")));
        assertThat(cattle.joins()).extracting(ContainerRequest.NetworkJoin::aliases).containsExactly(List.of(), List.of());
    }

    @Test
    void logicalIdsBecomeValidNamesAndHostnames() {
        assertThat(ContainerRequest.containerName("db-1")).isEqualTo("db-1");
        assertThat(ContainerRequest.containerName("10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(ContainerRequest.containerName("a/b:c")).isEqualTo("a-b-c");
        assertThat(ContainerRequest.containerName("_x")).isEqualTo("i_x");
        assertThat(ContainerRequest.hostname("a_b")).isEqualTo("a-b");
        assertThat(ContainerRequest.hostname("x".repeat(80))).hasSize(63);
    }
}

package io.infrakit.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plugin over Google's real Compute Engine client against the fake Compute Engine (FakeCompute). */
class GcpInstancePluginTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeCompute fake;
    private GcpInstancePlugin plugin;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeCompute();
        plugin = fake.plugin(fake.options().withPageSize(5));
    }

    @AfterEach
    void stop() {
        plugin.close();
        fake.close();
    }

    static JsonNode props(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final String FULL = """
            {"MachineType": "e2-small", "Image": "%s", "DiskSizeGb": 20, "DiskType": "pd-ssd",
             "Subnetwork": "regions/europe-west1/subnetworks/apps", "ExternalIp": true,
             "ServiceAccount": "docker@fake-project-1.iam.gserviceaccount.com", "NetworkTags": ["docker"],
             "Tags": {"Project": "Web.Site"}}""".formatted(FakeCompute.IMAGE);

    private String provision(Map<String, String> tags, String logicalId) {
        return plugin.provision(new InstanceSpec(props(FULL), tags, "#!/bin/sh\necho hello\n", logicalId, null));
    }

    @Test
    void provisionInsertsWithLabelsFromTagsAStartupScriptAndARequestIdAndWaitsOnTheOperation() {
        String name = provision(Map.of(Tags.GROUP, "web", Tags.CONFIG_HASH, "abc"), null);
        assertThat(name).matches("web-[a-z0-9]{6}");
        FakeCompute.Vm vm = fake.vm(name);
        assertThat(vm.labels()).containsEntry("infrakit_2egroup", "web").containsEntry("infrakit_2econfig_2ehash", "abc")
                .containsEntry("k___50roject", "_57eb_2e_53ite");
        assertThat(vm.startupScript()).isEqualTo("#!/bin/sh\necho hello\n");
        assertThat(vm.requestId).isNotBlank();
        assertThat(vm.resource.path("machineType").asText()).isEqualTo("zones/" + FakeCompute.ZONE + "/machineTypes/e2-small");
        assertThat(vm.resource.path("disks").path(0).path("initializeParams").path("diskSizeGb").asText()).isEqualTo("20");
        assertThat(vm.resource.path("networkInterfaces").path(0).path("accessConfigs").path(0).path("type").asText()).isEqualTo("ONE_TO_ONE_NAT");
        assertThat(vm.resource.path("serviceAccounts").path(0).path("email").asText()).startsWith("docker@");
        // The insert's operation was waited on until DONE: the VM runs when Provision returns.
        assertThat(vm.resource.path("status").asText()).isEqualTo("RUNNING");
        assertThat(fake.calls()).anySatisfy(c -> assertThat(c.resource()).isEqualTo("operations"));
        // The tags read back exactly as they were given.
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "web"), false)).singleElement()
                .satisfies(d -> assertThat(d.tags()).containsEntry("Project", "Web.Site").containsEntry(Tags.CONFIG_HASH, "abc"));
    }

    @Test
    void describeFindsTheGroupByLabelsOverThreePagesAskingOnlyForNamesLabelsAndStatus() {
        fake.seed(12, Map.of("infrakit_2egroup", "web", "role", "x"));
        fake.seed(4, Map.of("infrakit_2egroup", "db"));
        List<InstanceDescription> web = plugin.describeInstances(Map.of(Tags.GROUP, "web"), false);
        assertThat(web).hasSize(12).allSatisfy(d -> {
            assertThat(d.properties()).isNull();
            assertThat(d.tags()).containsEntry("role", "x").containsEntry(Tags.GROUP, "web");
        });
        List<FakeCompute.Call> lists = fake.calls().stream().filter(c -> c.method().equals("GET") && c.resource().equals("instances") && c.name() == null).toList();
        assertThat(lists).hasSize(3).allSatisfy(c -> {
            assertThat(c.query()).containsEntry("filter", "(labels.infrakit_2egroup = \"web\")").containsEntry("maxResults", "5");
            assertThat(c.fieldMask()).isEqualTo(GcpInstancePlugin.CHEAP_FIELDS);
        });
        assertThat(lists.get(1).query()).containsKey("pageToken");

        List<InstanceDescription> full = plugin.describeInstances(Map.of(Tags.GROUP, "db"), true);
        assertThat(full).hasSize(4).allSatisfy(d -> assertThat(d.properties().path("status").asText()).isEqualTo("RUNNING"));
        assertThat(fake.calls().getLast().fieldMask()).isNull();
    }

    @Test
    void aThousandMembersAreListedInCeilOfThousandOverPageSizeCalls() {
        fake.seed(1000, Map.of("infrakit_2egroup", "big"));
        fake.seed(30, Map.of("infrakit_2egroup", "other"));
        for (int page : new int[]{100, 500}) {
            long before = fake.count("GET", "instances");
            try (GcpInstancePlugin p = fake.plugin(fake.options().withPageSize(page))) {
                assertThat(p.describeInstances(Map.of(Tags.GROUP, "big"), false)).hasSize(1000);
            }
            assertThat(fake.count("GET", "instances") - before).as("page size " + page).isLessThanOrEqualTo((1000 + page - 1) / page);
        }
    }

    @Test
    void labelSetsLabelsWithTheFingerprintAndReadsAgainWhenItIsStale() {
        String name = provision(Map.of(Tags.GROUP, "web", "stage", "one"), null);
        plugin.label(name, Map.of("stage", "two", "Owner", "ops"));
        assertThat(fake.vm(name).labels()).containsEntry("stage", "two").containsEntry("k___4fwner", "ops").containsEntry("infrakit_2egroup", "web");
        assertThat(fake.calls()).filteredOn(c -> c.resource().equals("setLabels")).hasSize(1);
        assertThatThrownBy(() -> plugin.label("no-such-vm", Map.of("a", "b")))
                .isInstanceOf(PluginException.class).hasMessageContaining("notFound").hasMessageContaining("no-such-vm");
    }

    @Test
    void aStaleFingerprintIsReadAgainAndNoOnesLabelIsLost() {
        String name = provision(Map.of(Tags.GROUP, "web"), null);
        fake.labelsChangeAfterTheNextGet();
        plugin.label(name, Map.of("stage", "two"));
        assertThat(fake.vm(name).labels()).containsEntry("stage", "two").containsEntry("changed-by", "someone-else").containsEntry("infrakit_2egroup", "web");
        assertThat(fake.calls()).filteredOn(c -> c.method().equals("GET") && name.equals(c.name())).hasSize(2);
    }

    @Test
    void destroyDeletesAndWaitsUntilTheVmIsGone() {
        String a = provision(Map.of(Tags.GROUP, "web"), null);
        String b = provision(Map.of(Tags.GROUP, "web"), null);
        plugin.destroy(a, DestroyContext.terminate());
        assertThat(fake.vm(a)).isNull();
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "web"), false)).extracting(InstanceDescription::id).containsExactly(b);
    }

    @Test
    void petsAreNamedByTheirLogicalId() {
        String pet = provision(Map.of(Tags.GROUP, "pets"), "node-1");
        assertThat(pet).isEqualTo("node-1");
        assertThat(fake.vm("node-1").labels()).containsEntry("infrakit_2elogical_5fid", "node-1");
        Map<String, String> logical = plugin.describeInstances(Map.of(Tags.GROUP, "pets"), false).stream()
                .collect(Collectors.toMap(InstanceDescription::logicalId, InstanceDescription::id));
        assertThat(logical).containsEntry("node-1", "node-1");
        assertThatThrownBy(() -> provision(Map.of(Tags.GROUP, "pets"), "10.0.0.1"))
                .hasMessageContaining("LogicalID '10.0.0.1' cannot be an instance name");
    }

    @Test
    void answersLostToTheRateLimitNeverCreateASecondVm() {
        fake.loseInsertAnswers(3);
        String name = provision(Map.of(Tags.GROUP, "web"), null);
        assertThat(fake.everCreated()).containsExactly(name);
        List<FakeCompute.Call> inserts = fake.calls().stream().filter(c -> c.method().equals("POST") && c.resource().equals("instances")).toList();
        assertThat(inserts).hasSize(4);
        assertThat(inserts.stream().map(c -> c.query().get("requestId")).distinct()).hasSize(1);
    }

    @Test
    void rateLimitedForLongerThanTheTimeoutFailsWithAClearMessage() {
        fake.throttleFor(Duration.ofSeconds(30));
        try (GcpInstancePlugin p = fake.plugin(fake.options().withThrottleTimeout(Duration.ofMillis(700)))) {
            assertThatThrownBy(() -> p.describeInstances(Map.of(Tags.GROUP, "web"), false))
                    .hasMessageContaining("rateLimitExceeded").hasMessageContaining("throttle-timeout");
        }
        assertThat(fake.rateLimited()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aMissingImageQuotaAndAuthAreWordedForPeople() {
        JsonNode noSuchImage = props("{\"MachineType\": \"e2-small\", \"Image\": \"projects/debian-cloud/global/images/family/debian-99\"}");
        assertThatThrownBy(() -> plugin.provision(new InstanceSpec(noSuchImage, Map.of(), "", null, null)))
                .hasMessageContaining("Properties.Image 'projects/debian-cloud/global/images/family/debian-99' was not found");
        fake.failNextInsert("QUOTA_EXCEEDED");
        assertThatThrownBy(() -> provision(Map.of(), null)).hasMessageContaining("QUOTA_EXCEEDED").hasMessageContaining("quota");
        try (GcpInstancePlugin wrong = ComputeClients.plugin(fake.options(), FakeCompute.credentials("ya29.someone-elses-token"))) {
            assertThatThrownBy(() -> wrong.describeInstances(Map.of(), false)).hasMessageContaining("credentials were refused")
                    .hasMessageContaining("Application Default Credentials");
        }
        assertThat(fake.live()).isEmpty();
    }
}

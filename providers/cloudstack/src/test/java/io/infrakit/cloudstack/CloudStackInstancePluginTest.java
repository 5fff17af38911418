package io.infrakit.cloudstack;

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

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Instance plugin against the fake CloudStack (FakeCloudStack): every call signed and checked. */
class CloudStackInstancePluginTest {

    private final ObjectMapper json = new ObjectMapper();
    private FakeCloudStack fake;
    private CloudStackInstancePlugin plugin;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeCloudStack();
        plugin = new CloudStackInstancePlugin(fake.options());
    }

    @AfterEach
    void stop() {
        plugin.close();
        fake.close();
    }

    private JsonNode props(String zone, String offering, String template) {
        return json.createObjectNode().put("Zone", zone).put("ServiceOffering", offering).put("Template", template);
    }

    private JsonNode byName() {
        return props("zone-a", "Small Instance", "debian-12");
    }

    private InstanceSpec spec(Map<String, String> tags, String init) {
        return new InstanceSpec(byName(), tags, init, null, null);
    }

    @Test
    void provisionFollowsTheAsyncJobAndTagsTheVm() {
        fake.jobDelay(java.time.Duration.ofMillis(300)); // pending for the first polls (20 ms, then doubling)
        String id = plugin.provision(spec(Map.of(Tags.GROUP, "web", "tier", "front"), ""));
        FakeCloudStack.Vm vm = fake.vm(id);
        assertThat(vm.state).as("the deploy job was followed to its end").isEqualTo("Running");
        assertThat(vm.tags).containsEntry(Tags.GROUP, "web").containsEntry("tier", "front");
        assertThat(vm.deployParams).containsEntry("zoneid", FakeCloudStack.ZONE_ID)
                .containsEntry("serviceofferingid", FakeCloudStack.OFFERING_ID).containsEntry("templateid", FakeCloudStack.TEMPLATE_ID)
                .doesNotContainKey("userdata");
        // deploy and createTags jobs: at least one pending answer was polled past (20+40+80+160 ms < 300 ms).
        assertThat(fake.count("queryAsyncJobResult")).isGreaterThanOrEqualTo(3);
        assertThat(fake.calls()).filteredOn(c -> c.command().equals("deployVirtualMachine"))
                .singleElement().satisfies(c -> assertThat(c.method()).isEqualTo("POST"));
    }

    @Test
    void userDataArrivesBase64AndIntact() {
        String init = "#!/bin/bash\nset -e\necho 'héllo wörld' > /etc/motd\ncurl -fsSL https://get.docker.com | sh\n" + "x".repeat(5000);
        String id = plugin.provision(spec(Map.of(Tags.GROUP, "web"), init));
        String sent = fake.vm(id).userData();
        assertThat(sent.length()).as("bigger than GET's 2 KB: only a POST carries it").isGreaterThan(2048);
        assertThat(new String(Base64.getDecoder().decode(sent), StandardCharsets.UTF_8)).isEqualTo(init);
    }

    @Test
    void userDataOverTheLimitIsRefusedBeforeAnythingIsCreated() {
        String init = "y".repeat(25_000); // 33,336 bytes of base64
        assertThatThrownBy(() -> plugin.provision(spec(Map.of(Tags.GROUP, "web"), init)))
                .hasMessageContaining("user data").hasMessageContaining("32768");
        assertThat(fake.calls()).isEmpty();
        assertThat(fake.live()).isEmpty();
    }

    @Test
    void namesAreResolvedOnceAndCached() {
        for (int i = 0; i < 3; i++) {
            plugin.provision(spec(Map.of(Tags.GROUP, "web"), ""));
        }
        assertThat(fake.count("listZones")).isEqualTo(1);
        assertThat(fake.count("listServiceOfferings")).isEqualTo(1);
        assertThat(fake.count("listTemplates")).isEqualTo(1);
        assertThat(fake.count("deployVirtualMachine")).isEqualTo(3);
    }

    @Test
    void uuidsAreAcceptedAsWellAsNames() {
        String id = plugin.provision(new InstanceSpec(props(FakeCloudStack.ZONE_ID, FakeCloudStack.OFFERING_ID, FakeCloudStack.TEMPLATE_2_ID),
                Map.of(Tags.GROUP, "g"), "", null, null));
        assertThat(fake.vm(id).deployParams).containsEntry("templateid", FakeCloudStack.TEMPLATE_2_ID);
    }

    @Test
    void describeByTagsReadsEveryPageInOneListing() {
        plugin = new CloudStackInstancePlugin(fake.options().withPageSize(2));
        for (int i = 0; i < 5; i++) {
            plugin.provision(spec(Map.of(Tags.GROUP, "web", "n", "" + i), ""));
        }
        plugin.provision(spec(Map.of(Tags.GROUP, "db"), ""));
        fake.clearCalls();

        List<InstanceDescription> web = plugin.describeInstances(Map.of(Tags.GROUP, "web"), false);
        assertThat(web).hasSize(5);
        assertThat(web).extracting(d -> d.tag("n")).containsExactlyInAnyOrder("0", "1", "2", "3", "4");
        assertThat(web).allSatisfy(d -> assertThat(d.properties()).isNull());
        // 5 VMs at 2 a page: exactly 3 pages, each filtered by the tag on the server side.
        assertThat(fake.calls()).hasSize(3).allSatisfy(c -> {
            assertThat(c.command()).isEqualTo("listVirtualMachines");
            assertThat(c.params()).containsEntry("tags[0].key", Tags.GROUP).containsEntry("tags[0].value", "web").containsEntry("pagesize", "2");
        });
        assertThat(fake.calls()).extracting(c -> c.params().get("page")).containsExactly("1", "2", "3");

        List<InstanceDescription> withProps = plugin.describeInstances(Map.of(Tags.GROUP, "db"), true);
        assertThat(withProps).singleElement().satisfies(d -> assertThat(d.properties().path("state").asText()).isEqualTo("Running"));
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "none"), false)).isEmpty();
    }

    @Test
    void labelChangesAndAddsTags() {
        String id = plugin.provision(spec(Map.of(Tags.GROUP, "web", "owner", "ann"), ""));
        plugin.label(id, Map.of("owner", "bob", "team", "ops", Tags.GROUP, "web"));
        assertThat(fake.vm(id).tags).containsEntry("owner", "bob").containsEntry("team", "ops").containsEntry(Tags.GROUP, "web");
        assertThat(plugin.describeInstances(Map.of("owner", "bob"), false)).extracting(InstanceDescription::id).containsExactly(id);
        assertThatThrownBy(() -> plugin.label("00000000-0000-4000-8000-000000000000", Map.of("a", "b")))
                .hasMessageContaining("no VM with id 00000000-0000-4000-8000-000000000000");
    }

    @Test
    void destroyRemovesTheVmFromListingsAndExpungesWhenAsked() {
        String kept = plugin.provision(spec(Map.of(Tags.GROUP, "web"), ""));
        plugin.destroy(kept, DestroyContext.terminate());
        assertThat(fake.vm(kept).state).as("without expunge CloudStack keeps it Destroyed for a while").isEqualTo("Destroyed");
        assertThat(fake.calls()).filteredOn(c -> c.command().equals("destroyVirtualMachine")).last()
                .satisfies(c -> assertThat(c.params()).doesNotContainKey("expunge"));
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "web"), false)).isEmpty();

        plugin = new CloudStackInstancePlugin(fake.options().withExpunge(true));
        String gone = plugin.provision(spec(Map.of(Tags.GROUP, "web"), ""));
        plugin.destroy(gone, DestroyContext.terminate());
        assertThat(fake.vm(gone)).isNull();
        assertThatThrownBy(() -> plugin.destroy(gone, DestroyContext.terminate()))
                .hasMessageContaining("destroyVirtualMachine").hasMessageContaining("errorcode 431");
    }

    @Test
    void petsAreNamedAfterTheirLogicalId() {
        String id = plugin.provision(new InstanceSpec(byName(), Map.of(Tags.GROUP, "db"), "", "db-1", null));
        assertThat(fake.vm(id).deployParams).containsEntry("name", "db-1").containsEntry("displayname", "db-1");
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "db"), false)).singleElement()
                .satisfies(d -> assertThat(d.logicalId()).isEqualTo("db-1"));
        // A logical ID that is no host name (an IP) becomes the display name only.
        String ip = plugin.provision(new InstanceSpec(byName(), Map.of(Tags.GROUP, "db"), "", "10.0.0.5", null));
        assertThat(fake.vm(ip).deployParams).containsEntry("displayname", "10.0.0.5").doesNotContainKey("name");
    }

    @Test
    void aFailedJobReportsCloudStacksErrortext() {
        fake.failNextDeploy("Unable to create a deployment for VM[User|i-2-7-VM]: insufficient capacity");
        assertThatThrownBy(() -> plugin.provision(spec(Map.of(Tags.GROUP, "web"), "")))
                .isInstanceOf(CloudStackApiException.class)
                .hasMessageContaining("deployVirtualMachine failed: Unable to create a deployment for VM[User|i-2-7-VM]: insufficient capacity");
        assertThat(fake.live()).as("the VM CloudStack left in state Error was destroyed").isEmpty();
        assertThat(fake.calls()).filteredOn(c -> c.command().equals("destroyVirtualMachine"))
                .singleElement().satisfies(c -> assertThat(c.params()).containsEntry("expunge", "true"));
        assertThat(fake.count("createTags")).isZero();
        assertThat(fake.count("deployVirtualMachine")).as("a deploy is never repeated").isEqualTo(1);
    }

    @Test
    void aWrongKeyIsReportedAndNothingIsCreated() {
        for (Credentials bad : List.of(new Credentials("wrong-api-key", FakeCloudStack.SECRET_KEY, "test"),
                new Credentials(FakeCloudStack.API_KEY, "wrong-secret", "test"))) {
            CloudStackInstancePlugin p = new CloudStackInstancePlugin(CloudStackOptions.of(fake.endpoint(), bad));
            assertThatThrownBy(() -> p.provision(spec(Map.of(Tags.GROUP, "web"), "")))
                    .hasMessageContaining("errorcode 401").hasMessageContaining("unable to verify user credentials")
                    .hasMessageContaining("api-key/secret-key").hasMessageNotContaining("wrong-secret");
            assertThatThrownBy(() -> p.validate(byName())).hasMessageContaining("errorcode 401");
        }
        assertThat(fake.calls()).as("the fake accepted no request").isEmpty();
        assertThat(fake.live()).isEmpty();
    }

    @Test
    void anUnknownZoneNameIsNamedWithItsFieldAndNothingIsCreated() {
        assertThatThrownBy(() -> plugin.validate(props("zone-b", "Small Instance", "debian-12")))
                .hasMessageContaining("Zone 'zone-b' does not exist").hasMessageContaining("zone-a").hasMessageContaining("Properties.Zone");
        assertThatThrownBy(() -> plugin.provision(new InstanceSpec(props("zone-b", "Small Instance", "debian-12"), Map.of(), "", null, null)))
                .hasMessageContaining("Zone 'zone-b' does not exist");
        assertThat(fake.count("deployVirtualMachine")).isZero();
        assertThat(fake.live()).isEmpty();
    }

    @Test
    void aTemplateThatDoesNotExistIsNamedAndNothingIsCreated() {
        assertThatThrownBy(() -> plugin.validate(props("zone-a", "Small Instance", "ubuntu-99")))
                .hasMessageContaining("Template 'ubuntu-99' does not exist").hasMessageContaining("debian-12");
        String missingUuid = "9f9f9f9f-0000-4000-8000-000000000000";
        assertThatThrownBy(() -> plugin.provision(new InstanceSpec(props("zone-a", "Small Instance", missingUuid), Map.of(), "", null, null)))
                .hasMessageContaining("Template '" + missingUuid + "' does not exist (no template with that id");
        assertThatThrownBy(() -> plugin.validate(props("zone-a", "Huge", "debian-12"))).hasMessageContaining("ServiceOffering 'Huge' does not exist");
        assertThat(fake.count("deployVirtualMachine")).isZero();
        assertThat(fake.live()).isEmpty();
    }

    @Test
    void offlineChecksNameTheField() {
        assertThatThrownBy(() -> plugin.validate(json.createObjectNode().put("Zone", "zone-a").put("Template", "t")))
                .hasMessageContaining("Properties.ServiceOffering is required");
        assertThatThrownBy(() -> plugin.validate(json.createObjectNode().put("Zone", "zone-a").put("Zones", "x")))
                .hasMessageContaining("unknown field Properties.Zones");
        assertThatThrownBy(() -> plugin.validate(json.createObjectNode().put("Zone", "z").put("ServiceOffering", "o").put("Template", "t").put("Networks", 5)))
                .hasMessageContaining("Properties.Networks has the wrong type");
        assertThatThrownBy(() -> plugin.validate(null)).hasMessageContaining("Properties are missing");
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void anUnreachableServerDoesNotFailValidateButFailsProvisionClearly() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CloudStackOptions down = new CloudStackOptions(java.net.URI.create("http://127.0.0.1:" + port + "/client/api"), fake.credentials(),
                false, java.time.Duration.ofSeconds(5), java.time.Duration.ofMillis(10), 100, java.time.Duration.ofSeconds(2), 1);
        CloudStackInstancePlugin p = new CloudStackInstancePlugin(down);
        p.validate(byName());
        assertThatThrownBy(() -> p.provision(spec(Map.of(), ""))).isInstanceOf(PluginException.class)
                .hasMessageContaining("cannot reach http://127.0.0.1:" + port).hasMessageContaining("endpoint option");
    }

    @Test
    void aListingIsRetriedAfterA503ButADeployIsNeverSentTwice() {
        fake.failHttp("listZones", 2);
        fake.failHttp("listVirtualMachines", 1);
        plugin.validate(byName());
        assertThat(fake.count("listZones")).as("two 503s, then the answer").isEqualTo(3);
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "web"), false)).isEmpty();
        assertThat(fake.count("listVirtualMachines")).isEqualTo(2);

        fake.failHttp("deployVirtualMachine", 1);
        assertThatThrownBy(() -> plugin.provision(spec(Map.of(Tags.GROUP, "web"), "")))
                .hasMessageContaining("deployVirtualMachine").hasMessageContaining("HTTP 503");
        assertThat(fake.count("deployVirtualMachine")).isEqualTo(1);
        assertThat(fake.live()).isEmpty();
    }

    @Test
    void aJobStillPendingAtTheTimeoutFailsNamingTheOption() {
        fake.jobDelay(java.time.Duration.ofSeconds(30));
        plugin = new CloudStackInstancePlugin(fake.options().withJobTimeout(java.time.Duration.ofMillis(300)));
        assertThatThrownBy(() -> plugin.provision(spec(Map.of(Tags.GROUP, "web"), "")))
                .hasMessageContaining("still pending after 300ms").hasMessageContaining("job-timeout");
    }

    @Test
    void readsAreRetriedButChangesAreNot() {
        assertThat(CloudStackClient.safeToRepeat("listVirtualMachines")).isTrue();
        assertThat(CloudStackClient.safeToRepeat("queryAsyncJobResult")).isTrue();
        assertThat(CloudStackClient.safeToRepeat("deployVirtualMachine")).isFalse();
        assertThat(CloudStackClient.safeToRepeat("createTags")).isFalse();
        assertThat(CloudStackClient.safeToRepeat("destroyVirtualMachine")).isFalse();
    }

    @Test
    void strangersWithoutOurTagsAreNotListed() {
        String ours = plugin.provision(spec(Map.of(Tags.GROUP, "web"), ""));
        String other = plugin.provision(spec(Map.of("infrakit.group", "other"), ""));
        Set<String> ids = plugin.describeInstances(Map.of(Tags.GROUP, "web"), false).stream()
                .map(InstanceDescription::id).collect(Collectors.toSet());
        assertThat(ids).containsExactly(ours).doesNotContain(other);
    }
}

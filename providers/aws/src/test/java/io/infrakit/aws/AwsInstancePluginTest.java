package io.infrakit.aws;

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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plugin over the real AWS SDK against the fake EC2 (FakeEc2), which checks every request's SigV4 signature. */
class AwsInstancePluginTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeEc2 fake;
    private AwsInstancePlugin plugin;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeEc2();
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
            {"ImageId": "%s", "InstanceType": "t3.micro", "SubnetId": "subnet-0abc1234",
             "SecurityGroupIds": ["sg-0123abcd", "sg-0456cdef"], "KeyName": "ops",
             "IamInstanceProfile": "docker-host",
             "BlockDevices": [{"DeviceName": "/dev/xvda", "VolumeSize": 30}],
             "Tags": {"project": "web"}}""".formatted(FakeEc2.AMI);

    private String provision(Map<String, String> tags, String logicalId) {
        return plugin.provision(new InstanceSpec(props(FULL), tags, "#!/bin/sh\necho hello\n", logicalId, null));
    }

    @Test
    void provisionLaunchesWithTagsAtLaunchUserDataAndAClientToken() {
        String id = provision(Map.of(Tags.GROUP, "web", Tags.CONFIG_HASH, "abc"), null);
        FakeEc2Instance i = fake.instance(id);
        assertThat(i.tags).containsEntry(Tags.GROUP, "web").containsEntry(Tags.CONFIG_HASH, "abc").containsEntry("project", "web");
        assertThat(i.userData()).isEqualTo("#!/bin/sh\necho hello\n");
        assertThat(i.params).containsEntry("SubnetId", "subnet-0abc1234").containsEntry("KeyName", "ops")
                .containsEntry("SecurityGroupId.1", "sg-0123abcd").containsEntry("SecurityGroupId.2", "sg-0456cdef")
                .containsEntry("IamInstanceProfile.Name", "docker-host")
                .containsEntry("BlockDeviceMapping.1.DeviceName", "/dev/xvda").containsEntry("BlockDeviceMapping.1.Ebs.VolumeSize", "30")
                .containsEntry("TagSpecification.1.ResourceType", "instance").containsEntry("TagSpecification.2.ResourceType", "volume");
        assertThat(i.clientToken).isNotBlank();
        // Tagged at launch: one call, no CreateTags, never an untagged instance.
        assertThat(fake.count("RunInstances")).isEqualTo(1);
        assertThat(fake.count("CreateTags")).isZero();
    }

    @Test
    void describeFindsTheGroupByTagOverThreePagesWithOneFilteredListing() {
        fake.seed(12, Map.of(Tags.GROUP, "web", "role", "x"));
        fake.seed(4, Map.of(Tags.GROUP, "db"));
        List<InstanceDescription> web = plugin.describeInstances(Map.of(Tags.GROUP, "web"), false);
        assertThat(web).hasSize(12).allSatisfy(d -> {
            assertThat(d.properties()).isNull();
            assertThat(d.tags()).containsEntry("role", "x");
        });
        List<FakeEc2.Call> calls = fake.calls().stream().filter(c -> c.action().equals("DescribeInstances")).toList();
        assertThat(calls).hasSize(3).allSatisfy(c -> assertThat(c.params())
                .containsEntry("Filter.1.Name", "tag:" + Tags.GROUP).containsEntry("Filter.1.Value.1", "web")
                .containsEntry("Filter.2.Name", "instance-state-name").containsEntry("MaxResults", "5"));
        assertThat(calls.get(0).params()).doesNotContainKey("NextToken");
        assertThat(calls.get(1).params()).containsKey("NextToken");

        List<InstanceDescription> full = plugin.describeInstances(Map.of(Tags.GROUP, "db"), true);
        assertThat(full).hasSize(4).allSatisfy(d -> {
            assertThat(d.properties().path("InstanceId").asText()).isEqualTo(d.id());
            assertThat(d.properties().path("State").asText()).isEqualTo("running");
        });
    }

    @Test
    void aThousandMembersAreListedInCeilOfThousandOverPageSizeCalls() {
        fake.seed(1000, Map.of(Tags.GROUP, "big"));
        fake.seed(30, Map.of(Tags.GROUP, "other"));
        for (int page : new int[]{100, 1000}) {
            long before = fake.count("DescribeInstances");
            try (AwsInstancePlugin p = fake.plugin(fake.options().withPageSize(page))) {
                assertThat(p.describeInstances(Map.of(Tags.GROUP, "big"), false)).hasSize(1000);
            }
            assertThat(fake.count("DescribeInstances") - before).as("page size " + page).isLessThanOrEqualTo((1000 + page - 1) / page);
        }
    }

    @Test
    void labelPutsTagsWithCreateTagsAndOverwritesAValue() {
        String id = provision(Map.of(Tags.GROUP, "web", "stage", "one"), null);
        plugin.label(id, Map.of("stage", "two", "owner", "ops"));
        assertThat(fake.instance(id).tags).containsEntry("stage", "two").containsEntry("owner", "ops").containsEntry(Tags.GROUP, "web");
        assertThat(fake.calls()).filteredOn(c -> c.action().equals("CreateTags")).singleElement()
                .satisfies(c -> assertThat(c.params()).containsEntry("ResourceId.1", id));
        assertThatThrownBy(() -> plugin.label("i-0000000000000dead", Map.of("a", "b")))
                .isInstanceOf(PluginException.class).hasMessageContaining("InvalidInstanceID.NotFound");
    }

    @Test
    void destroyTerminatesAndTheInstanceLeavesTheListing() {
        String a = provision(Map.of(Tags.GROUP, "web"), null);
        String b = provision(Map.of(Tags.GROUP, "web"), null);
        plugin.destroy(a, DestroyContext.terminate());
        assertThat(fake.instance(a).state).isEqualTo("terminated");
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "web"), false)).extracting(InstanceDescription::id).containsExactly(b);
    }

    @Test
    void petsKeepTheirLogicalIdAsTagAndNameAndAnAddressAsPrivateIp() {
        String pet = provision(Map.of(Tags.GROUP, "pets"), "node-1");
        String byIp = provision(Map.of(Tags.GROUP, "pets"), "10.0.1.17");
        assertThat(fake.instance(pet).tags).containsEntry(Tags.LOGICAL_ID, "node-1").containsEntry("Name", "node-1");
        assertThat(fake.instance(byIp).params).containsEntry("PrivateIpAddress", "10.0.1.17");
        Map<String, String> logical = plugin.describeInstances(Map.of(Tags.GROUP, "pets"), false).stream()
                .collect(Collectors.toMap(InstanceDescription::logicalId, InstanceDescription::id));
        assertThat(logical).containsEntry("node-1", pet).containsEntry("10.0.1.17", byIp);
    }

    @Test
    void theFakeRejectsAWrongSignatureAndAcceptsTheSdksOwn() {
        // The good client passes the fake's SigV4 check: the check is not a refusal of everything.
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "x"), false)).isEmpty();
        assertThat(fake.refusedSignatures()).isZero();

        var wrongSecret = StaticCredentialsProvider.create(AwsBasicCredentials.create(FakeEc2.ACCESS_KEY, "not-the-secret-key-0000000000000000000000"));
        try (AwsInstancePlugin forged = new AwsInstancePlugin(fake.options(), Ec2Clients.build(fake.options(), Region.of(FakeEc2.REGION), wrongSecret), FakeEc2.REGION)) {
            assertThatThrownBy(() -> forged.describeInstances(Map.of(Tags.GROUP, "x"), false))
                    .isInstanceOf(PluginException.class)
                    .hasMessageContaining("401").hasMessageContaining("credentials were refused").hasMessageContaining("AWS_ACCESS_KEY_ID")
                    .hasMessageNotContaining("Status Code").hasMessageNotContaining("Request ID");
        }
        assertThat(fake.refusedSignatures()).isPositive();
        // A request signed for another region is refused too: the scope is part of the signature.
        try (AwsInstancePlugin otherRegion = new AwsInstancePlugin(fake.options(), Ec2Clients.build(fake.options(), Region.EU_WEST_1, FakeEc2.credentials()), "eu-west-1")) {
            assertThatThrownBy(() -> otherRegion.describeInstances(Map.of(), false)).hasMessageContaining("credentials were refused");
        }
        assertThat(fake.calls()).hasSize(1); // only the good request got through
    }

    @Test
    void answersLostToThrottlingNeverLaunchASecondInstance() {
        fake.loseRunAnswers(3); // launched, but each answer is RequestLimitExceeded: the retries carry the same client token
        String id = provision(Map.of(Tags.GROUP, "web"), null);
        assertThat(fake.launched()).extracting(i -> i.id).containsExactly(id);
        List<FakeEc2.Call> runs = fake.calls().stream().filter(c -> c.action().equals("RunInstances")).toList();
        assertThat(runs).hasSize(4);
        assertThat(runs.stream().map(c -> c.params().get("ClientToken")).distinct()).hasSize(1);
    }

    @Test
    void throttlingForLongerThanTheTimeoutFailsWithAClearMessage() {
        fake.throttleFor(Duration.ofSeconds(30));
        try (AwsInstancePlugin p = fake.plugin(fake.options().withThrottleTimeout(Duration.ofMillis(700)))) {
            assertThatThrownBy(() -> p.describeInstances(Map.of(Tags.GROUP, "web"), false))
                    .hasMessageContaining("RequestLimitExceeded").hasMessageContaining("throttle-timeout");
        }
        assertThat(fake.throttledCalls()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aMissingImageQuotaAndAuthAreWordedForPeople() {
        JsonNode noSuchAmi = props("{\"ImageId\": \"ami-0000000000000beef\", \"InstanceType\": \"t3.micro\"}");
        assertThatThrownBy(() -> plugin.provision(new InstanceSpec(noSuchAmi, Map.of(), "", null, null)))
                .hasMessageContaining("Properties.ImageId 'ami-0000000000000beef' does not exist in us-east-1");
        fake.failNextRun("InstanceLimitExceeded");
        assertThatThrownBy(() -> provision(Map.of(), null)).hasMessageContaining("InstanceLimitExceeded").hasMessageContaining("quota");
        fake.failNextRun("AuthFailure");
        assertThatThrownBy(() -> provision(Map.of(), null)).hasMessageContaining("credentials were refused");
        assertThat(fake.live()).isEmpty();
    }

    @Test
    void anUnreachableEndpointSaysSoWithoutJavaText() throws Exception {
        var options = AwsOptions.of(FakeEc2.REGION, java.net.URI.create("http://127.0.0.1:1")).withMaxAttempts(1);
        try (AwsInstancePlugin p = new AwsInstancePlugin(options, Ec2Clients.build(options, Region.of(FakeEc2.REGION), FakeEc2.credentials()), FakeEc2.REGION)) {
            assertThatThrownBy(() -> p.describeInstances(Map.of(), false)).hasMessageContaining("cannot reach EC2 in us-east-1")
                    .hasMessageContaining("check the region and endpoint options");
        }
    }

    @Test
    void credentialsComeFromTheSdksDefaultChain() {
        // System properties are one link of the default chain (after the environment): set, used, removed.
        System.setProperty("aws.accessKeyId", FakeEc2.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", FakeEc2.SECRET_KEY);
        try (AwsInstancePlugin p = Ec2Clients.plugin(AwsOptions.parse(Map.of("region", FakeEc2.REGION, "endpoint", fake.endpoint().toString())))) {
            assertThat(p.describeInstances(Map.of(Tags.GROUP, "x"), false)).isEmpty();
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
        assertThat(fake.refusedSignatures()).isZero();
        assertThat(fake.count("DescribeInstances")).isEqualTo(1);
    }
}

package io.infrakit.aws;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.PluginKindChecks;
import io.infrakit.spi.schema.Field;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsPluginKindTest {

    @Test
    void isFoundByServiceLoaderWithItsOptionsAndSchema() {
        PluginKind kind = PluginKindChecks.kind("aws");
        assertThat(kind.options()).containsKeys("region", "endpoint", "profile", "page-size", "max-attempts", "throttle-timeout");
                Field schema = PluginKindChecks.schemaIsTheRecord(kind, AwsProperties.class, AwsSchema.DOCS);
        assertThat(schema.child("ImageId").orElseThrow().required()).isTrue();
    }

    @Test
    void listingTheKindLoadsNoClassOfTheAwsSdk() throws Exception {
        // A fresh class loader over the same class path: the kind is listed and described, the SDK stays unloaded.
        assertThat(PluginKindChecks.classesLoadedByListingKinds()).contains("io.infrakit.aws.AwsPluginKind").doesNotContain("software.amazon");
    }

    @Test
    void optionsAreCheckedNamingTheOptionAndTheFix() {
        assertThatThrownBy(() -> AwsOptions.parse(Map.of("regoin", "x"))).hasMessageContaining("unknown aws option 'regoin'");
        assertThatThrownBy(() -> AwsOptions.parse(Map.of("region", "US East"))).hasMessageContaining("region='US East' is not a region name");
        assertThatThrownBy(() -> AwsOptions.parse(Map.of("endpoint", "ec2.local"))).hasMessageContaining("endpoint='ec2.local' is not an http(s) URL");
        assertThatThrownBy(() -> AwsOptions.parse(Map.of("page-size", "2"))).hasMessageContaining("page-size='2' must be a whole number from 5 to 1000");
        assertThatThrownBy(() -> AwsOptions.parse(Map.of("throttle-timeout", "soon"))).hasMessageContaining("throttle-timeout='soon' is not a duration");
        AwsOptions o = AwsOptions.parse(Map.of("region", "eu-west-3", "page-size", "100"));
        assertThat(o.region()).isEqualTo("eu-west-3");
        assertThat(o.pageSize()).isEqualTo(100);
    }

    @Test
    void validateWorksOfflineAndNamesTheField() {
        AwsValidation v = new AwsValidation();
        String ok = "\"ImageId\": \"ami-0abcdef1234567890\", \"InstanceType\": \"t3.micro\"";
        v.read(AwsInstancePluginTest.props("{" + ok + "}"));
        Map<String, String> bad = Map.of(
                "{\"InstanceType\": \"t3.micro\"}", "Properties.ImageId is required",
                "{\"ImageId\": \"ubuntu\", \"InstanceType\": \"t3.micro\"}", "Properties.ImageId 'ubuntu' is not an AMI ID",
                "{\"ImageId\": \"ami-0abcdef1234567890\", \"InstanceType\": \"big\"}", "Properties.InstanceType 'big'",
                "{" + ok + ", \"SecurityGroupIds\": [\"default\"]}", "Properties.SecurityGroupIds[0] 'default' is not a security group ID",
                "{" + ok + ", \"BlockDevices\": [{\"DeviceName\": \"/dev/xvda\", \"VolumeType\": \"ssd\"}]}", "Properties.BlockDevices[0].VolumeType 'ssd'",
                "{" + ok + ", \"BlockDevices\": [{\"DeviceName\": \"/dev/xvda\", \"VolumeSize\": 0}]}", "Properties.BlockDevices[0].VolumeSize 0",
                "{" + ok + ", \"Subnet\": \"x\"}", "unknown field Properties.Subnet",
                "{" + ok + ", \"Tags\": {\"aws:x\": \"y\"}}", "key 'aws:x' starts with aws:",
                "{" + ok + ", \"IamInstanceProfile\": \"arn:aws:iam::12:role/x\"}", "Properties.IamInstanceProfile");
        bad.forEach((json, message) -> assertThatThrownBy(() -> v.read(AwsInstancePluginTest.props(json)))
                .as(json).isInstanceOf(PluginException.class).hasMessageContaining(message));
        assertThatThrownBy(() -> AwsValidation.userData("x".repeat(16385))).hasMessageContaining("16385 bytes, over EC2's limit of 16384");
    }

    @Test
    void theDocsPageNamesEveryOptionAndProperty() throws Exception {
        String page = PluginKindChecks.docsPageNamesEvery("aws", AwsOptions.DESCRIPTIONS.keySet(), AwsSchema.DOCS.keySet());
        assertThat(page).contains("infrakit plugin start").contains("examples/aws/docker-hosts.yml")
                .contains(Integer.toString(AwsValidation.MAX_USER_DATA_BYTES));
    }
}

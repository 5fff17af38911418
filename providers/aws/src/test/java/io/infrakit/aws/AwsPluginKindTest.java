package io.infrakit.aws;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.schema.Field;
import io.infrakit.spi.schema.RecordSchema;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsPluginKindTest {

    @Test
    void isFoundByServiceLoaderWithItsOptionsAndSchema() {
        PluginKind kind = ServiceLoader.load(PluginKind.class).stream().map(ServiceLoader.Provider::get)
                .filter(k -> k.name().equals("aws")).findFirst().orElseThrow();
        assertThat(kind.options()).containsKeys("region", "endpoint", "profile", "page-size", "max-attempts", "throttle-timeout");
        Field schema = kind.propertiesSchema().orElseThrow();
        assertThat(schema.childNames()).containsExactlyElementsOf(Arrays.stream(AwsProperties.class.getRecordComponents())
                .map(c -> c.getAccessor().getAnnotation(JsonProperty.class).value()).toList());
        assertThat(RecordSchema.undocumented(schema)).isEmpty();
        assertThat(RecordSchema.unknownDocs(schema, AwsSchema.DOCS)).isEmpty();
        assertThat(schema.child("ImageId").orElseThrow().required()).isTrue();
    }

    @Test
    void listingTheKindLoadsNoClassOfGooglesSdk() throws Exception {
        // A fresh class loader over the same class path: the kind is listed and described, the SDK stays unloaded.
        var urls = ((String) System.getProperty("java.class.path")).split(java.io.File.pathSeparator);
        var loader = new java.net.URLClassLoader(Arrays.stream(urls).map(u -> {
            try {
                return Path.of(u).toUri().toURL();
            } catch (java.net.MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(java.net.URL[]::new), ClassLoader.getPlatformClassLoader()) {
            final java.util.Set<String> loaded = java.util.concurrent.ConcurrentHashMap.newKeySet();

            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                loaded.add(name);
                return super.loadClass(name, resolve);
            }

            @Override
            public String toString() {
                return String.join(",", loaded);
            }
        };
        Class<?> kindApi = loader.loadClass(PluginKind.class.getName());
        for (Object k : ServiceLoader.load(kindApi, loader)) {
            kindApi.getMethod("name").invoke(k);
            kindApi.getMethod("options").invoke(k);
            kindApi.getMethod("propertiesSchema").invoke(k);
        }
        assertThat(loader.toString()).contains("io.infrakit.aws.AwsPluginKind").doesNotContain("software.amazon");
        loader.close();
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
        String page = Files.readString(Path.of("../../docs/providers/aws.md"));
        for (String option : AwsOptions.DESCRIPTIONS.keySet()) {
            assertThat(page).as("option " + option).contains("| `" + option + "`");
        }
        for (String property : AwsSchema.DOCS.keySet()) {
            assertThat(page).as("property " + property).contains("| `" + property + "`");
        }
        assertThat(page).contains("infrakit plugin start").contains("examples/aws/docker-hosts.yml")
                .contains(Integer.toString(AwsValidation.MAX_USER_DATA_BYTES));
    }
}

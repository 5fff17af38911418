package io.infrakit.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropertiesValidatorTest {

    private final ObjectMapper json = new ObjectMapper();

    private List<String> problems(String text) throws Exception {
        return PropertiesValidator.problems(json.readTree(text));
    }

    @Test
    void acceptsTheSeedExampleShape() throws Exception {
        assertThat(problems("""
                {"Config": {"Image": "httpd:2.2", "Cmd": ["httpd-foreground"], "Env": ["A=1"], "Labels": {"x": "y"},
                            "Healthcheck": {"Test": ["CMD", "true"], "Interval": 1000000000}},
                 "HostConfig": {"AutoRemove": true, "Memory": 268435456, "NetworkMode": "bridge", "Binds": ["/tmp:/data:ro"],
                                "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 2}, "PortBindings": {}},
                 "Tags": {"Name": "infrakit-example"},
                 "NetworkAttachments": [{"Name": "backend"}, {"ID": "abc123", "Aliases": ["db"]}]}
                """)).isEmpty();
    }

    @Test
    void cmdMayBeOneString() throws Exception {
        assertThat(problems("{\"Config\": {\"Image\": \"a\", \"Cmd\": \"sleep 1\"}}")).isEmpty();
    }

    @Test
    void aTypoIsRefusedWithItsPathAndTheNearestName() throws Exception {
        assertThat(problems("{\"Config\": {\"Imagee\": \"busybox\", \"Image\": \"busybox\"}}"))
                .containsExactly("Config.Imagee is unknown; did you mean Image?");
        assertThat(problems("{\"Config\": {\"Image\": \"a\"}, \"HostConfig\": {\"Autoremove\": true}}"))
                .containsExactly("HostConfig.Autoremove is unknown; did you mean AutoRemove?");
        assertThat(problems("{\"Confg\": {\"Image\": \"a\"}}"))
                .contains("Confg is unknown; did you mean Config?");
        assertThat(problems("{\"Config\": {\"Image\": \"a\", \"Healthcheck\": {\"Tset\": []}}}"))
                .containsExactly("Config.Healthcheck.Tset is unknown; did you mean Test?");
    }

    @Test
    void anUnknownNameFarFromAnyListsWhatIsAccepted() throws Exception {
        assertThat(problems("{\"Config\": {\"Image\": \"a\"}, \"Flavour\": 1}")).singleElement().asString()
                .startsWith("Flavour is unknown; Properties accepts [Config, HostConfig, NetworkAttachments, Tags]");
    }

    @Test
    void aMissingImageIsRefused() throws Exception {
        assertThat(problems("{\"Config\": {\"Cmd\": [\"sh\"]}}")).containsExactly(
                "Config.Image is missing: set it to the image to run, e.g. \"busybox:1.36\"");
        assertThat(problems("{\"HostConfig\": {}}")).singleElement().asString().startsWith("Config is missing");
        assertThat(problems("{\"Config\": {\"Image\": \"  \"}}")).singleElement().asString().startsWith("Config.Image is missing");
        assertThat(PropertiesValidator.problems(null)).singleElement().asString().startsWith("Properties are missing");
    }

    @Test
    void wrongTypesNameTheFieldTheValueAndTheUnit() throws Exception {
        assertThat(problems("{\"Config\": {\"Image\": \"a\"}, \"HostConfig\": {\"Memory\": \"512m\"}}")).containsExactly(
                "HostConfig.Memory must be an integer (bytes, e.g. 268435456 for 256 MiB), not the string \"512m\"");
        assertThat(problems("{\"Config\": {\"Image\": 7}}")).contains("Config.Image must be a string, not 7");
        assertThat(problems("{\"Config\": {\"Image\": \"a\", \"Env\": {\"A\": \"1\"}}}")).singleElement().asString()
                .startsWith("Config.Env must be a list of strings (e.g. [\"KEY=value\"]), not the object");
        assertThat(problems("{\"Config\": {\"Image\": \"a\"}, \"Tags\": {\"n\": 1}}"))
                .containsExactly("Tags must be an object of string values, not the object {\"n\":1}");
        assertThat(problems("{\"Config\": {\"Image\": \"a\"}, \"HostConfig\": {\"AutoRemove\": \"yes\"}}"))
                .containsExactly("HostConfig.AutoRemove must be true or false, not the string \"yes\"");
    }

    @Test
    void restartPolicyNameMustBeOneTheEngineKnows() throws Exception {
        assertThat(problems("{\"Config\": {\"Image\": \"a\"}, \"HostConfig\": {\"RestartPolicy\": {\"Name\": \"allways\"}}}"))
                .containsExactly("HostConfig.RestartPolicy.Name is \"allways\"; use one of [\"always\", \"no\", \"on-failure\", \"unless-stopped\"]");
    }

    @Test
    void networkAttachmentsNameANetwork() throws Exception {
        assertThat(problems("{\"Config\": {\"Image\": \"a\"}, \"NetworkAttachments\": [{\"Driver\": \"bridge\"}]}")).containsExactly(
                "NetworkAttachments[0].Driver is unknown; NetworkAttachments[0] accepts [Aliases, ID, Id, Name]",
                "NetworkAttachments[0] names no network: set Name (or ID) of an existing network (docker network create NAME)");
        assertThat(problems("{\"Config\": {\"Image\": \"a\"}, \"NetworkAttachments\": [\"backend\"]}"))
                .containsExactly("NetworkAttachments[0] must be an object like {\"Name\": \"my-network\"}, not the string \"backend\"");
    }

    @Test
    void allProblemsAreReportedAtOnceByThePlugin() throws Exception {
        DockerInstancePlugin plugin = new DockerInstancePlugin(DockerSettings.defaults().withHost("unix:///nonexistent.sock"));
        JsonNode bad = json.readTree("{\"Config\": {\"Imagee\": \"busybox\"}, \"HostConfig\": {\"Memory\": \"1g\"}}");
        assertThatThrownBy(() -> plugin.validate(bad))
                .hasMessageContaining("Config.Imagee is unknown; did you mean Image?")
                .hasMessageContaining("HostConfig.Memory must be an integer")
                .hasMessageContaining("Config.Image is missing");
        plugin.close();
    }

    @Test
    void closestIgnoresCaseAndRefusesFarNames() {
        assertThat(PropertiesValidator.closest("image", EngineApiSchema.CONFIG.fields().keySet())).isEqualTo("Image");
        assertThat(PropertiesValidator.closest("Networkmode", EngineApiSchema.HOST_CONFIG.fields().keySet())).isEqualTo("NetworkMode");
        assertThat(PropertiesValidator.closest("Zzzzzzz", Map.of("Image", 1).keySet())).isNull();
    }
}

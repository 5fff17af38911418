package io.infrakit.docker;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerSettingsTest {

    @Test
    void dockerHostIsRespectedAndTheLocalSocketIsTheDefault() {
        assertThat(DockerSettings.defaultHost(Map.of())).isEqualTo("unix:///var/run/docker.sock");
        assertThat(DockerSettings.defaultHost(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2376"))).isEqualTo("tcp://10.0.0.5:2376");
    }

    @Test
    void optionsAreRead() {
        DockerSettings s = DockerSettings.fromOptions(Map.of("host", "unix:///tmp/d.sock", "stop-timeout", "3s",
                "init-timeout", "2m", "pull", "false", "pull-timeout", "500ms"), null);
        assertThat(s.host()).isEqualTo("unix:///tmp/d.sock");
        assertThat(s.stopTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.initTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.pull()).isFalse();
        assertThat(s.pullTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(DockerSettings.fromOptions(Map.of("stop-timeout", "7"), null).stopTimeout()).isEqualTo(Duration.ofSeconds(7));
        // The project's one duration grammar: compound values work here as in specs and other options.
        assertThat(DockerSettings.fromOptions(Map.of("stop-timeout", "1m30s"), null).stopTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(DockerSettings.fromOptions(Map.of(), null).stopTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void badOptionsAreRefusedNamingTheFix() {
        assertThatThrownBy(() -> DockerSettings.fromOptions(Map.of("stop-timeout", "ten"), null))
                .hasMessage("docker.stop-timeout=ten is not a duration; write e.g. 500ms, 10s, 5m or 1h");
        assertThatThrownBy(() -> DockerSettings.fromOptions(Map.of("hots", "x"), null))
                .hasMessageStartingWith("docker.hots is not an option of the docker plugin; it knows [host, init-timeout");
        assertThatThrownBy(() -> DockerSettings.fromOptions(Map.of("pull", "yes"), null))
                .hasMessage("docker.pull=yes must be true or false");
    }

    @Test
    void anEngineThatDoesNotAnswerIsNamedWithTheFix() throws Exception {
        try (DockerInstancePlugin plugin = new DockerInstancePlugin(DockerSettings.defaults().withHost("unix:///nonexistent.sock"))) {
            assertThatThrownBy(() -> plugin.describeInstances(Map.of(), false))
                    .hasMessageStartingWith("cannot reach the Docker engine at unix:///nonexistent.sock (")
                    .hasMessageContaining("is dockerd running? Set the address with DOCKER_HOST or --opt docker.host=...");
            var props = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"Config\": {\"Image\": \"x:1\"}}");
            assertThatThrownBy(() -> plugin.provision(new io.infrakit.spi.instance.InstanceSpec(props, Map.of(), null, null, null)))
                    .hasMessageStartingWith("cannot reach the Docker engine at unix:///nonexistent.sock (");
            assertThatThrownBy(() -> plugin.destroy("abc", null))
                    .hasMessageStartingWith("cannot reach the Docker engine at unix:///nonexistent.sock (");
        }
    }

    @Test
    void imageReferencesSplitLikeThePullApi() {
        assertThat(ImageReference.parse("busybox")).isEqualTo(new ImageReference("busybox", "latest"));
        assertThat(ImageReference.parse("infrakit-test/busybox:1")).isEqualTo(new ImageReference("infrakit-test/busybox", "1"));
        assertThat(ImageReference.parse("localhost:5000/team/app")).isEqualTo(new ImageReference("localhost:5000/team/app", "latest"));
        assertThat(ImageReference.parse("localhost:5000/app:2")).isEqualTo(new ImageReference("localhost:5000/app", "2"));
        assertThat(ImageReference.parse("app@sha256:abc")).isEqualTo(new ImageReference("app", "sha256:abc"));
    }
}

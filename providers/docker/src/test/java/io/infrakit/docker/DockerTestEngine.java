package io.infrakit.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.time.Duration;
import java.util.List;

/**
 * The real Docker engine the integration tests use, and the test image that
 * {@code .ci/engines/docker.sh} builds. Tests skip when there is none, but fail when
 * engines are required (INFRAKIT_REQUIRE_ENGINES=1, as in CI).
 */
final class DockerTestEngine {

    static final String IMAGE_1 = "infrakit-test/busybox:1";
    static final String IMAGE_2 = "infrakit-test/busybox:2";
    /** Label on every container a test creates, so that it can be cleaned up. */
    static final String TEST_LABEL = "infrakit.test";

    private DockerTestEngine() {
    }

    static boolean required() {
        return "1".equals(System.getProperty("infrakit.requireEngines")) || "1".equals(System.getenv("INFRAKIT_REQUIRE_ENGINES"));
    }

    /** A docker-java client for checks the plugin does not offer (inspect, exec, kill). */
    static DockerClient client() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(DockerSettings.defaultHost(System.getenv())).build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig()).connectionTimeout(Duration.ofSeconds(5)).build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** Skips (or fails when required) unless the engine answers and has the test images. */
    static void assumeAvailable(DockerClient client) {
        String problem = null;
        try {
            client.pingCmd().exec();
            for (String image : List.of(IMAGE_1, IMAGE_2)) {
                try {
                    client.inspectImageCmd(image).exec();
                } catch (NotFoundException e) {
                    problem = "image " + image + " is missing; build it with: sudo bash .ci/engines/docker.sh";
                }
            }
        } catch (RuntimeException e) {
            problem = "no Docker engine at " + DockerSettings.defaultHost(System.getenv()) + " (" + DockerEngine.rootMessage(e)
                    + "); start one with: sudo bash .ci/engines/docker.sh";
        }
        if (problem != null) {
            if (required()) {
                Assertions.fail("INFRAKIT_REQUIRE_ENGINES=1 but " + problem);
            }
            System.err.println("DockerInstancePluginTest and friends skipped: " + problem);
            Assumptions.abort("skipped: " + problem);
        }
    }

    /** Removes every container carrying {@code TEST_LABEL=run}. */
    static void removeAll(DockerClient client, String run) {
        List<Container> left = client.listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of(TEST_LABEL, run)).exec();
        for (Container c : left) {
            try {
                client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }

    /** Runs a command in a container and returns its stdout+stderr. */
    static String exec(DockerClient client, String containerId, String... cmd) throws InterruptedException {
        var exec = client.execCreateCmd(containerId).withCmd(cmd).withAttachStdout(true).withAttachStderr(true).exec();
        StringBuilder out = new StringBuilder();
        client.execStartCmd(exec.getId()).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Frame frame) {
                synchronized (out) {
                    out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }).awaitCompletion(30, java.util.concurrent.TimeUnit.SECONDS);
        synchronized (out) {
            return out.toString();
        }
    }
}

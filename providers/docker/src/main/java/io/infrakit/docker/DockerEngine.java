package io.infrakit.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.infrakit.spi.PluginException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The connection to one Docker engine. Two docker-java clients: one for short calls, with a
 * response timeout so a hung engine cannot hang a Provision forever, and one for streams (events,
 * exec output, pulls) that may be quiet for a long time.
 */
final class DockerEngine implements AutoCloseable {

    private final String host;
    private final ObjectMapper json;
    private final DockerHttpClient http;
    private final DockerClient api;
    private final DockerHttpClient streamHttp;
    private final DockerClient streams;

    DockerEngine(String host, Duration callTimeout, ObjectMapper json) {
        this.host = host;
        this.json = json;
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host)
                .build();
        this.http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(callTimeout)
                .build();
        this.api = DockerClientImpl.getInstance(config, http);
        this.streamHttp = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        this.streams = DockerClientImpl.getInstance(config, streamHttp);
    }

    String host() {
        return host;
    }

    /** Short calls (create, start, inspect, list, stop, remove). */
    DockerClient api() {
        return api;
    }

    /** Long-lived streams (events, exec output, pull progress). */
    DockerClient streams() {
        return streams;
    }

    /**
     * Creates a container from an Engine API body ({@code Config} fields plus {@code HostConfig}
     * and {@code NetworkingConfig}) sent as the user wrote it: docker-java's typed command would
     * drop fields it does not model.
     */
    String createContainer(ObjectNode body, String name) {
        String path = "/containers/create" + (name == null ? "" : "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        DockerHttpClient.Request request;
        try {
            request = DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.POST)
                    .path(path)
                    .putHeader("Content-Type", "application/json")
                    .bodyBytes(json.writeValueAsBytes(body))
                    .build();
        } catch (IOException e) {
            throw new PluginException("cannot encode the container body: " + e.getMessage(), e);
        }
        try (DockerHttpClient.Response response = http.execute(request)) {
            byte[] bytes = readAll(response.getBody());
            JsonNode answer = bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
            if (response.getStatusCode() == 201) {
                return answer.path("Id").asText();
            }
            throw new EngineError(response.getStatusCode(), answer.path("message").asText(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            if (e instanceof EngineError ee) {
                throw ee;
            }
            throw unreachable(e);
        }
    }

    /** Fails with a clear message when the engine does not answer. */
    void ping() {
        try {
            api.pingCmd().exec();
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    /** The message to show for an engine that cannot be reached. */
    PluginException unreachable(Throwable e) {
        return new PluginException("cannot reach the Docker engine at " + host + " (" + rootMessage(e)
                + "); is dockerd running? Set the address with DOCKER_HOST or --opt docker.host=...", e);
    }

    /** The engine's own message from a docker-java error ({@code Status 404: {"message":"..."}}). */
    static String message(DockerException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int brace = m.indexOf('{');
        if (brace >= 0) {
            try {
                JsonNode n = new ObjectMapper().readTree(m.substring(brace));
                if (n.hasNonNull("message")) {
                    return n.get("message").asText();
                }
            } catch (IOException ignored) {
                // not JSON: keep the raw text
            }
        }
        return m.strip();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in == null ? new byte[0] : in.readAllBytes();
    }

    @Override
    public void close() throws IOException {
        try {
            api.close();
        } finally {
            streams.close();
        }
    }

    /** An engine answer with an error status. */
    static final class EngineError extends PluginException {
        final int status;

        EngineError(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}

package io.infrakit.rpc.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.rpc.RpcException;
import io.infrakit.rpc.WireJson;
import io.infrakit.spi.PluginException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * Calls JSON-RPC methods of the plugin behind one {@link Channel}. Sends InfraKit's request shape
 * ({@code POST /}, {@code Host: h}, {@code {"jsonrpc","method","params","id"}}); accepts
 * {@code application/json} or InfraKit's {@code text/plain}, chunked or not. Every failure is a
 * {@link PluginException} naming the plugin and where it is.
 */
public final class RpcClient {

    /** Used when a caller gives no timeout: long enough for a slow provision, short enough to notice a hang. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    @JsonPropertyOrder({"jsonrpc", "method", "params", "id"})
    record Request(@JsonProperty("jsonrpc") String jsonrpc, @JsonProperty("method") String method,
                   @JsonProperty("params") Object params, @JsonProperty("id") long id) {
    }

    private final Channel channel;
    private final String pluginName;
    private final Duration timeout;
    private final ObjectMapper mapper = WireJson.mapper();

    /**
     * @param channel    where requests go: a unix socket, or a plugin of a remote daemon
     * @param pluginName the plugin's socket name, for messages
     * @param timeout    per call; null means {@link #DEFAULT_TIMEOUT}
     */
    public RpcClient(Channel channel, String pluginName, Duration timeout) {
        this.channel = channel;
        this.pluginName = pluginName;
        this.timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /** Calls the plugin on unix socket {@code socket} through the shared transport {@code http}. */
    public RpcClient(UnixHttp http, Path socket, String pluginName, Duration timeout) {
        this(new UnixChannel(http, socket), pluginName, timeout);
    }

    /** Where the plugin is: its socket, or the remote daemon and plugin name. */
    public String describe() {
        return channel.describe();
    }

    public String pluginName() {
        return pluginName;
    }

    /** Calls a repeatable {@code method} and decodes its result into {@code resultType}. */
    public <R> R call(String method, Object params, Class<R> resultType) {
        return call(method, params, resultType, true);
    }

    /**
     * Calls {@code method} and decodes its result into {@code resultType}. A call that is not
     * {@code repeatable} (its binding's {@code RpcMethod} says so) is never sent twice.
     */
    public <R> R call(String method, Object params, Class<R> resultType, boolean repeatable) {
        JsonNode result = call(method, params, repeatable);
        try {
            return mapper.treeToValue(result, resultType);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PluginException("plugin '" + pluginName + "' at " + channel.describe() + " answered " + method
                    + " with a result we cannot read (" + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + "): " + abbreviate(result.toString()), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    /** Calls a repeatable {@code method} and returns its raw {@code result}. */
    public JsonNode call(String method, Object params) {
        return call(method, params, true);
    }

    /** Calls {@code method} and returns its raw {@code result}; never resends it unless {@code repeatable}. */
    public JsonNode call(String method, Object params, boolean repeatable) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(new Request("2.0", method, params, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)));
        } catch (JsonProcessingException e) {
            throw new PluginException("cannot encode the params of " + method + ": " + e.getOriginalMessage(), e);
        }
        UnixHttp.Answer answer = send(method, body, repeatable);
        String where = "plugin '" + pluginName + "' at " + channel.describe();
        if (answer.body().length == 0) {
            // InfraKit answers an unparseable request with an empty 200.
            throw new PluginException(where + " answered " + method + " with an empty body (HTTP " + answer.status()
                    + "): it could not parse the request");
        }
        JsonNode reply;
        try {
            reply = mapper.readTree(answer.body());
        } catch (IOException e) {
            throw new PluginException(where + " answered " + method + " with HTTP " + answer.status()
                    + " and a body that is not JSON-RPC: " + abbreviate(new String(answer.body(), StandardCharsets.UTF_8)));
        }
        JsonNode error = reply.get("error");
        if (error != null && !error.isNull()) {
            int code = error.path("code").asInt(io.infrakit.rpc.RpcErrors.PLUGIN_ERROR);
            String message = error.path("message").asText("");
            throw new RpcException(code, message.isEmpty() ? where + " failed " + method + " (code " + code + ")" : message);
        }
        JsonNode result = reply.get("result");
        if (result == null) {
            throw new PluginException(where + " answered " + method + " with HTTP " + answer.status()
                    + " but neither result nor error: " + abbreviate(reply.toString()));
        }
        return result;
    }

    private UnixHttp.Answer send(String method, byte[] body, boolean repeatable) {
        String where = "plugin '" + pluginName + "' at " + channel.describe();
        String absent = channel.absent();
        if (absent != null) {
            throw new PluginException(where + " " + absent);
        }
        try {
            return channel.post(body, timeout, repeatable);
        } catch (TimeoutException e) {
            throw new PluginException(where + " did not answer " + method + " within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted while calling " + method + " on " + where, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TimeoutException) {
                throw new PluginException(where + " did not answer " + method + " within " + timeout.toMillis() + " ms", cause);
            }
            String explained = channel.explain(where, cause);
            if (explained != null) {
                throw new PluginException(explained, cause);
            }
            throw new PluginException("calling " + method + " on " + where + " failed: " + cause, cause);
        }
    }
}

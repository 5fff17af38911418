package io.infrakit.rpc.client;

import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A plugin's unix socket, reached through a shared {@link UnixHttp} transport (Jetty's pooled
 * {@link UnixHttpClient} or the java.nio {@link SimpleUnixHttp}).
 */
public record UnixChannel(UnixHttp http, Path socket) implements Channel {

    @Override
    public UnixHttp.Answer post(byte[] body, Duration timeout, boolean repeatable)
            throws ExecutionException, TimeoutException, InterruptedException {
        return http.post(socket, body, timeout, repeatable);
    }

    @Override
    public String describe() {
        return String.valueOf(socket);
    }

    @Override
    public String absent() {
        if (Files.exists(socket)) {
            return SocketOwner.refusal(socket);
        }
        return "is not running: no socket file there"
                + " (start it, or check INFRAKIT_PLUGINS_DIR; `infrakit plugin ls` lists running plugins)";
    }

    @Override
    public String explain(String where, Throwable cause) {
        if (cause instanceof SocketOwner.ForeignSocketException) {
            return where + " " + cause.getMessage();
        }
        if (cause instanceof ConnectException || String.valueOf(cause.getMessage()).contains("Connection refused")) {
            return where + " is not running: the socket is stale, nobody listens on it"
                    + " (restart the plugin; a restart replaces the stale socket)";
        }
        return null;
    }
}

package io.infrakit.rpc.remote;

import io.infrakit.rpc.client.Channel;
import io.infrakit.rpc.client.UnixHttp;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Plugin {@code pluginName} of a remote daemon, over TCP+TLS ({@code --host}): the daemon's
 * {@link RemoteListener} routes {@code POST /pluginName} to the plugin served on that socket name
 * there. The HTTPS client is shared by every channel to that daemon and closed by its owner.
 */
public record TlsChannel(RemoteHttpClient https, String pluginName) implements Channel {

    /** Remote calls are not resent: the HTTPS client never retries, whatever {@code repeatable} says. */
    @Override
    public UnixHttp.Answer post(byte[] body, Duration timeout, boolean repeatable)
            throws ExecutionException, TimeoutException, InterruptedException {
        return https.post(pluginName, body, timeout);
    }

    @Override
    public String describe() {
        return https.target() + "/" + pluginName;
    }

    @Override
    public String explain(String where, Throwable cause) {
        if (cause instanceof ConnectException || cause instanceof javax.net.ssl.SSLException) {
            return "cannot reach " + where + ": " + cause.getMessage()
                    + " (is the daemon listening there with --listen, and does its certificate match "
                    + RemoteTarget.CA_ENV + "?)";
        }
        return null;
    }
}

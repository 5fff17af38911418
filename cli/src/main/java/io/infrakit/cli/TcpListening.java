package io.infrakit.cli;

import io.infrakit.rpc.host.PluginHost;
import io.infrakit.rpc.remote.BearerTokens;
import io.infrakit.rpc.remote.RemoteListener;
import io.infrakit.rpc.remote.RemoteListenerSettings;

import java.util.List;

/** Starts the daemon's TCP+TLS listener from {@link RemoteListenOptions}. */
public final class TcpListening {
    private TcpListening() {
    }

    /** Starts the TCP listener for everything {@code host} serves, or returns null without --listen. */
    public static RemoteListener start(RemoteListenOptions o, PluginHost host) {
        if (o.listen == null || o.listen.isBlank()) {
            if (o.cert != null || o.key != null || o.clientCa != null || o.tokenFile != null) {
                throw new BadInputException("--tls-cert, --tls-key, --tls-client-ca and --token-file only apply with "
                        + "--listen HOST:PORT; add it, or drop them");
            }
            return null;
        }
        RemoteListenerSettings settings;
        try {
            String[] hostPort = RemoteListenerSettings.parseAddress(o.listen);
            settings = new RemoteListenerSettings(hostPort[0], Integer.parseInt(hostPort[1]),
                    o.cert, o.key, o.clientCa, o.tokenFile == null ? BearerTokens.none() : BearerTokens.fromFile(o.tokenFile));
        } catch (io.infrakit.spi.PluginException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        List<io.infrakit.rpc.server.Dispatcher> dispatchers = host.served().stream()
                .map(s -> s.server().dispatcher()).toList();
        var endpoints = RemoteListener.endpoints(dispatchers);
        if (endpoints.isEmpty()) {
            throw new BadInputException("--listen: this process serves no plugin to listen for");
        }
        String first = endpoints.containsKey("group") ? "group" : endpoints.keySet().iterator().next();
        RemoteListener listener = new RemoteListener(settings, endpoints, first);
        CliService.attach(listener, host); // thin clients with --host, once authenticated
        return listener.start();
    }
}

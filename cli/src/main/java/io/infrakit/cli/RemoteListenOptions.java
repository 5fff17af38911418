package io.infrakit.cli;

import io.infrakit.rpc.host.PluginHost;
import io.infrakit.rpc.remote.BearerTokens;
import io.infrakit.rpc.remote.RemoteListener;
import io.infrakit.rpc.remote.RemoteListenerSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * Daemon options to also listen on TCP with TLS, for CLIs and managers on other hosts. Without
 * {@code --listen} the daemon is reachable only through its unix sockets (the default).
 */
public final class RemoteListenOptions {

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Also serve the plugins of this process on TCP with TLS, e.g. 0.0.0.0:24864. "
                    + "Needs --tls-cert and --tls-key, and --tls-client-ca and/or --token-file.")
    String listen;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Certificate (chain) of this daemon, PEM.")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Its private key, PEM PKCS#8.")
    Path key;

    @Option(names = "--tls-client-ca", paramLabel = "PEM",
            description = "CA bundle, PEM: callers presenting a client certificate it signed are let in.")
    Path clientCa;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Bearer tokens that are let in, one per line (keep the file 0600).")
    Path tokenFile;

    /** The --listen address, or null. */
    public String address() {
        return listen;
    }

    /** Starts the TCP listener for everything {@code host} serves, or returns null without --listen. */
    public RemoteListener start(PluginHost host) {
        if (listen == null || listen.isBlank()) {
            if (cert != null || key != null || clientCa != null || tokenFile != null) {
                throw new BadInputException("--tls-cert, --tls-key, --tls-client-ca and --token-file only apply with "
                        + "--listen HOST:PORT; add it, or drop them");
            }
            return null;
        }
        RemoteListenerSettings settings;
        try {
            String[] hostPort = RemoteListenerSettings.parseAddress(listen);
            settings = new RemoteListenerSettings(hostPort[0], Integer.parseInt(hostPort[1]),
                    cert, key, clientCa, tokenFile == null ? BearerTokens.none() : BearerTokens.fromFile(tokenFile));
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
        return new RemoteListener(settings, endpoints, first).start();
    }
}

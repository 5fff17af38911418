package io.infrakit.rpc.remote;

import io.infrakit.spi.PluginException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where and how the daemon listens on TCP. TLS is mandatory, and so is a way to authenticate
 * callers: a CA that signs client certificates, bearer tokens, or both (either one suffices).
 *
 * @param host         address to bind (127.0.0.1, 0.0.0.0, a host name)
 * @param port         TCP port (0 = any free port; see {@link RemoteListener#port()})
 * @param certFile     PEM certificate chain of this server
 * @param keyFile      PEM PKCS#8 key of that certificate
 * @param clientCaFile PEM CA bundle; clients presenting a certificate it signed are let in. May be null.
 * @param tokens       bearer tokens that are let in. May be empty.
 */
public record RemoteListenerSettings(String host, int port, Path certFile, Path keyFile, Path clientCaFile,
                                     BearerTokens tokens) {

    public static final int DEFAULT_PORT = 24864;

    public RemoteListenerSettings {
        tokens = tokens == null ? BearerTokens.none() : tokens;
        if (host == null || host.isBlank()) {
            throw new PluginException("listen address '" + host + "' is not valid: give HOST:PORT, e.g. 0.0.0.0:" + DEFAULT_PORT);
        }
        if (port < 0 || port > 65535) {
            throw new PluginException("listen port " + port + " is not valid: use 1-65535 (0 picks a free one)");
        }
        if (certFile == null || keyFile == null) {
            throw new PluginException("listening on TCP needs TLS: give --tls-cert and --tls-key (PEM files)");
        }
        requireReadable("tls-cert", certFile);
        requireReadable("tls-key", keyFile);
        if (clientCaFile != null) {
            requireReadable("tls-client-ca", clientCaFile);
        }
        if (clientCaFile == null && tokens.isEmpty()) {
            throw new PluginException("listening on TCP needs a way to check callers: give --tls-client-ca (client "
                    + "certificates signed by that CA are let in) and/or --token-file (bearer tokens, one per line)");
        }
    }

    /** Parses {@code HOST:PORT} (or {@code tcp://HOST:PORT}); IPv6 hosts in brackets. */
    public static String[] parseAddress(String address) {
        String a = address.startsWith("tcp://") ? address.substring(6) : address;
        int colon = a.lastIndexOf(':');
        if (colon <= 0 || colon == a.length() - 1) {
            throw new PluginException("listen address '" + address + "' is not valid: give HOST:PORT, e.g. 0.0.0.0:" + DEFAULT_PORT);
        }
        String host = a.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String port = a.substring(colon + 1);
        try {
            Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new PluginException("listen address '" + address + "' has port '" + port + "': use a number");
        }
        return new String[]{host, port};
    }

    private static void requireReadable(String option, Path file) {
        if (!Files.isReadable(file)) {
            throw new PluginException("option '" + option + "' = '" + file + "' is not a readable file");
        }
    }
}

package io.infrakit.rpc.remote;

import io.infrakit.spi.PluginException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A remote daemon as the CLI reaches it: {@code --host} / {@code INFRAKIT_HOST} ({@code tcp://HOST:PORT},
 * {@code https://HOST:PORT}, {@code HOST:PORT} or {@code HOST}), the CA that signed the daemon's
 * certificate, and the caller's credentials (a client certificate and key, or a bearer token).
 *
 * @param base     {@code https://HOST:PORT}
 * @param caFile   PEM CA bundle to trust the daemon with; null = the JDK's default trust
 * @param certFile PEM client certificate, or null
 * @param keyFile  PEM PKCS#8 key of that certificate, or null
 * @param token    bearer token, or null
 */
public record RemoteTarget(URI base, Path caFile, Path certFile, Path keyFile, String token) {

    public static final String HOST_ENV = "INFRAKIT_HOST";
    public static final String CA_ENV = "INFRAKIT_TLS_CA";
    public static final String CERT_ENV = "INFRAKIT_TLS_CERT";
    public static final String KEY_ENV = "INFRAKIT_TLS_KEY";
    public static final String TOKEN_ENV = "INFRAKIT_TOKEN";
    public static final String TOKEN_FILE_ENV = "INFRAKIT_TOKEN_FILE";

    public RemoteTarget {
        if ((certFile == null) != (keyFile == null)) {
            throw new PluginException("a client certificate needs its key: give both " + CERT_ENV + " and " + KEY_ENV
                    + " (or --tls-cert and --tls-key), or neither");
        }
        if (certFile == null && (token == null || token.isBlank())) {
            throw new PluginException("reaching " + base + " needs credentials: set " + TOKEN_ENV + " (or "
                    + TOKEN_FILE_ENV + ") to a bearer token the daemon accepts, or " + CERT_ENV + " and " + KEY_ENV
                    + " to a client certificate signed by its client CA");
        }
    }

    /** {@code tcp://h:p}, {@code https://h:p}, {@code h:p} or {@code h} as an https base URI. */
    public static URI parseHost(String host) {
        String h = host.strip();
        if (h.startsWith("tcp://")) {
            h = h.substring(6);
        } else if (h.startsWith("https://")) {
            h = h.substring(8);
        } else if (h.contains("://")) {
            throw new PluginException("host '" + host + "' is not valid: use tcp://HOST:PORT or https://HOST:PORT"
                    + " (remote daemons always speak TLS; leave --host unset to use the local unix sockets)");
        }
        while (h.endsWith("/")) {
            h = h.substring(0, h.length() - 1);
        }
        boolean hasPort = h.startsWith("[") ? h.contains("]:") : h.contains(":");
        if (!hasPort) {
            h = h + ":" + RemoteListenerSettings.DEFAULT_PORT;
        }
        try {
            URI uri = URI.create("https://" + h);
            if (uri.getHost() == null || uri.getPort() <= 0) {
                throw new IllegalArgumentException("no host or port");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new PluginException("host '" + host + "' is not valid: use tcp://HOST:PORT, e.g. tcp://10.0.0.5:"
                    + RemoteListenerSettings.DEFAULT_PORT);
        }
    }

    /**
     * The target named by {@code hostOption} (the CLI's --host) or else by the environment; null when
     * neither names one (then the CLI uses the local unix sockets).
     */
    public static RemoteTarget resolve(String hostOption, Map<String, String> env) {
        String host = hostOption != null && !hostOption.isBlank() ? hostOption : env.get(HOST_ENV);
        if (host == null || host.isBlank()) {
            return null;
        }
        String token = env.get(TOKEN_ENV);
        String tokenFile = env.get(TOKEN_FILE_ENV);
        if ((token == null || token.isBlank()) && tokenFile != null && !tokenFile.isBlank()) {
            io.infrakit.rpc.SecretFiles.requirePrivate(Path.of(tokenFile), "token file (" + TOKEN_FILE_ENV + ")");
            try {
                token = Files.readString(Path.of(tokenFile)).strip().lines().findFirst().orElse("");
            } catch (IOException e) {
                throw new PluginException(TOKEN_FILE_ENV + " = '" + tokenFile + "' cannot be read: " + e.getMessage());
            }
        }
        return new RemoteTarget(parseHost(host), path(env, CA_ENV), path(env, CERT_ENV), path(env, KEY_ENV),
                token == null || token.isBlank() ? null : token.strip());
    }

    private static Path path(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        Path p = Path.of(v);
        if (!Files.isReadable(p)) {
            throw new PluginException(name + " = '" + v + "' is not a readable file");
        }
        return p;
    }

    @Override
    public String toString() {
        // Never print the token.
        return base.toString();
    }
}

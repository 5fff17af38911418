package io.infrakit.client;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A remote daemon ({@code --host} / {@code INFRAKIT_HOST}) as the thin client reaches it: TLS to its
 * TCP listener, the daemon's certificate checked against {@code INFRAKIT_TLS_CA} (or the JDK's
 * default trust) and its host name, and the bearer token ({@code INFRAKIT_TOKEN} or
 * {@code INFRAKIT_TOKEN_FILE}) in the {@code Authorization} header, as the full CLI's
 * {@code RemoteTarget} and {@code RemoteHttpClient} do. Anything the full CLI would have to say
 * something about (no token, a client certificate, a token file others can read, a host it would
 * refuse) makes {@link #of} return null: the full CLI runs and says it, in its words.
 */
final class RemoteDaemon {

    /** The listener's default port (RemoteListenerSettings.DEFAULT_PORT). */
    static final int DEFAULT_PORT = 24864;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final String host;
    private final int port;
    private final Path ca;
    private final String token;

    private RemoteDaemon(String host, int port, Path ca, String token) {
        this.host = host;
        this.port = port;
        this.ca = ca;
        this.token = token;
    }

    /** The daemon {@code address} names with this environment's credentials, or null for the full CLI to handle. */
    static RemoteDaemon of(String address, Map<String, String> env) {
        if (present(env, "INFRAKIT_TLS_CERT") || present(env, "INFRAKIT_TLS_KEY")) {
            return null; // client certificates: the full CLI's
        }
        String token = env.get("INFRAKIT_TOKEN");
        if (token == null || token.isBlank()) {
            token = tokenFile(env.get("INFRAKIT_TOKEN_FILE"));
        }
        if (token == null || token.isBlank() || !token.strip().chars().allMatch(c -> c > 32 && c < 127)) {
            return null;
        }
        Path ca = null;
        if (present(env, "INFRAKIT_TLS_CA")) {
            ca = Path.of(env.get("INFRAKIT_TLS_CA"));
            if (!Files.isReadable(ca)) {
                return null;
            }
        }
        String h = address.strip();
        if (h.startsWith("tcp://")) {
            h = h.substring(6);
        } else if (h.startsWith("https://")) {
            h = h.substring(8);
        } else if (h.contains("://")) {
            return null;
        }
        while (h.endsWith("/")) {
            h = h.substring(0, h.length() - 1);
        }
        int port = DEFAULT_PORT;
        String name = h;
        int colon = h.lastIndexOf(':');
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return null;
            }
            name = h.substring(1, close);
            colon = h.indexOf(':', close);
        } else if (colon >= 0) {
            name = h.substring(0, colon);
        }
        if (colon >= 0) {
            try {
                port = Integer.parseInt(h.substring(colon + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (name.isEmpty() || port <= 0 || port > 65535 || name.contains("/") || name.contains("@")) {
            return null;
        }
        return new RemoteDaemon(name, port, ca, token.strip());
    }

    private static boolean present(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    /** The token file's first line, when the file is the caller's own and private (else the full CLI refuses it). */
    private static String tokenFile(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            Path file = Path.of(name);
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : mode) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    return null;
                }
            }
            if (!Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))) {
                return null;
            }
            return Files.readString(file).strip().lines().findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The call's connection: TLS, the daemon's certificate and host name checked. */
    HttpStream connect() throws IOException {
        SSLSocket socket;
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(ca == null ? null : trustStore(ca));
            tls.init(null, trust.getTrustManagers(), null);
            socket = (SSLSocket) tls.getSocketFactory().createSocket();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
        try {
            SSLParameters params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (!host.isEmpty() && !Character.isDigit(host.charAt(0)) && !host.contains(":")) {
                params.setServerNames(List.of(new SNIHostName(host)));
            }
            socket.setSSLParameters(params);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            socket.startHandshake();
            return new HttpStream(Channels.newChannel(socket.getInputStream()), Channels.newChannel(socket.getOutputStream()),
                    socket, "Authorization: Bearer " + token + "\r\n");
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static KeyStore trustStore(Path pem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
        }
        return store;
    }

    @Override
    public String toString() {
        return host + ":" + port; // never the token
    }
}

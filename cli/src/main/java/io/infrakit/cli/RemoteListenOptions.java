package io.infrakit.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Daemon options to also listen on TCP with TLS, for CLIs and managers on other hosts. Without
 * {@code --listen} the daemon is reachable only through its unix sockets (the default).
 * Only fields here: picocli inspects this class for every command line, and client commands must
 * not load daemon classes ({@link TcpListening} starts the listener).
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
}

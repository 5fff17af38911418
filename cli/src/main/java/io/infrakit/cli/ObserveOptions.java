package io.infrakit.cli;

import picocli.CommandLine.Option;

/**
 * Daemon options for local read-only views: Prometheus metrics and the dashboard on a loopback
 * port. Without them both are still served on the daemon's sockets (and on --listen, with its
 * authentication). Only fields here: client commands must not load daemon classes
 * ({@link Observing} starts the listeners).
 */
public final class ObserveOptions {

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
            description = "Also serve GET /metrics (Prometheus' text format) in plain HTTP on this loopback address, "
                    + "e.g. 127.0.0.1:9464, for a Prometheus on this host.")
    String metrics;

    @Option(names = "--dashboard", paramLabel = "HOST:PORT",
            description = "Also serve the read-only dashboard (/dashboard/) in plain HTTP on this loopback address, "
                    + "e.g. 127.0.0.1:8080, for a browser on this host.")
    String dashboard;
}

package io.infrakit.haproxy;

import io.infrakit.spi.loadbalancer.HealthCheck;
import io.infrakit.spi.loadbalancer.Protocol;
import io.infrakit.spi.loadbalancer.Route;

import java.nio.file.Path;

/**
 * Renders haproxy.cfg from a {@link BalancerState}: pure text, no I/O. One frontend and one backend
 * per route ({@code fe_PORT}, {@code be_PORT}); every member of the pool is a server of every
 * backend. The same server line is what the Runtime API's {@code add server} gets, so a restart
 * from this file and a live change give the same HAProxy.
 */
final class HaproxyConfig {

    /** Used when no ConfigureHealthCheck was made for a route's backend port. */
    static final HealthCheck DEFAULT_CHECK = new HealthCheck(0, 1, 2, 1_000_000_000L, 1_000_000_000L);

    private HaproxyConfig() {
    }

    static String frontend(int port) {
        return "fe_" + port;
    }

    static String backend(int port) {
        return "be_" + port;
    }

    static boolean http(Route r) {
        return r.loadBalancerProtocolOrDefault() == Protocol.HTTP && r.protocolOrDefault() == Protocol.HTTP;
    }

    /** The arguments after {@code server NAME} in the file, and after {@code add server BE/NAME} at run time. */
    static String serverArgs(BackendAddress b, Route r, HealthCheck configured, boolean drained) {
        HealthCheck hc = configured == null ? DEFAULT_CHECK : configured;
        StringBuilder s = new StringBuilder(b.target(r.port()));
        s.append(" check inter ").append(Math.max(100, hc.interval().toMillis())).append("ms");
        s.append(" rise ").append(Math.max(1, hc.healthy()));
        s.append(" fall ").append(Math.max(1, hc.unhealthy()));
        if (configured != null && configured.backendPort() > 0 && configured.backendPort() != r.port()) {
            s.append(" port ").append(configured.backendPort());
        }
        if (drained) {
            // A drained server keeps its open connections and takes no new ones, as "state drain" does.
            s.append(" weight 0");
        }
        return s.toString();
    }

    static String render(String balancer, BalancerState state, Path adminSocket, String bindAddress, int metricsPort) {
        StringBuilder c = new StringBuilder();
        c.append("# Written by InfraKit's haproxy plugin for balancer '").append(balancer).append("'.\n");
        c.append("# Rewritten on every change so that a restart comes back as the balancer was; edit through\n");
        c.append("# the plugin (L4 calls), not here: changes here are lost at the next change.\n");
        c.append("global\n");
        c.append("    stats socket ").append(adminSocket).append(" mode 600 level admin expose-fd listeners\n");
        c.append("    stats timeout 30s\n\n");
        c.append("defaults\n");
        c.append("    mode tcp\n");
        c.append("    timeout connect 2s\n");
        c.append("    timeout client 60s\n");
        c.append("    timeout server 60s\n");
        // A connection refused by a member that just went away is tried on another one.
        c.append("    retries 3\n");
        c.append("    option redispatch 1\n");
        if (metricsPort > 0) {
            c.append("\nfrontend metrics\n");
            c.append("    mode http\n");
            c.append("    bind ").append(bindAddress).append(':').append(metricsPort).append('\n');
            c.append("    http-request use-service prometheus-exporter if { path /metrics }\n");
        }
        for (Route r : state.routes().values()) {
            String mode = http(r) ? "http" : "tcp";
            c.append("\nfrontend ").append(frontend(r.loadBalancerPort())).append('\n');
            c.append("    mode ").append(mode).append('\n');
            c.append("    bind ").append(bindAddress).append(':').append(r.loadBalancerPort()).append('\n');
            c.append("    default_backend ").append(backend(r.loadBalancerPort())).append('\n');
            c.append("\nbackend ").append(backend(r.loadBalancerPort())).append('\n');
            c.append("    mode ").append(mode).append('\n');
            c.append("    balance roundrobin\n");
            if (http(r) && r.healthMonitorPath() != null && !r.healthMonitorPath().isBlank()) {
                c.append("    option httpchk GET ").append(r.healthMonitorPath().trim()).append('\n');
            }
            for (String id : state.backends()) {
                BackendAddress b = BackendAddress.parse(id);
                c.append("    server ").append(b.serverName()).append(' ')
                        .append(serverArgs(b, r, state.healthChecks().get(r.port()), state.drained().contains(id))).append('\n');
            }
        }
        return c.toString();
    }
}

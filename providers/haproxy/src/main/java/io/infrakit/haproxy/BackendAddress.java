package io.infrakit.haproxy;

import java.util.regex.Pattern;

/**
 * A backend ID as this balancer takes it: {@code HOST} (the route's backend port is used) or
 * {@code HOST:PORT}, HOST an IPv4 address or a DNS name. Its HAProxy server name is the ID itself,
 * which HAProxy allows as is ({@code [A-Za-z0-9_.:-]}).
 */
record BackendAddress(String id, String host, Integer port) {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?");

    static BackendAddress parse(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a backend ID is empty: give an address, e.g. 10.0.0.5 or 10.0.0.5:8080");
        }
        String host = id;
        Integer port = null;
        int colon = id.lastIndexOf(':');
        if (colon >= 0) {
            host = id.substring(0, colon);
            try {
                port = Integer.parseInt(id.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("backend '" + id + "' has no valid port after ':': give HOST or HOST:PORT, e.g. 10.0.0.5:8080");
            }
        }
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("backend '" + id + "' is not an address: give HOST or HOST:PORT, e.g. 10.0.0.5 or web-1:8080");
        }
        return new BackendAddress(id, host, port);
    }

    /** {@code host:port} for a route whose backends listen on {@code routePort}. */
    String target(int routePort) {
        return host + ":" + (port != null ? port : routePort);
    }

    String serverName() {
        return id;
    }
}

package io.infrakit.haproxy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one balancer runs: its folder (haproxy.cfg, state.json, pid file, admin and master sockets),
 * the address its frontends bind, the haproxy executable, and the port of its Prometheus metrics
 * (0: none).
 */
public record HaproxySettings(Path dir, String bindAddress, String binary, int metricsPort) {

    static final Map<String, String> DESCRIPTIONS = descriptions();

    private static Map<String, String> descriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", "the balancer's name, and its object on the socket (default lb)");
        m.put("dir", "folder of haproxy.cfg, state.json and HAProxy's sockets (default $INFRAKIT_HOME/haproxy/NAME)");
        m.put("bind", "address the routes' frontends listen on (default 0.0.0.0; 127.0.0.1 for loopback only)");
        m.put("binary", "the haproxy executable (default haproxy, from PATH)");
        m.put("metrics", "a port on which HAProxy serves its Prometheus metrics at /metrics (default none)");
        return java.util.Collections.unmodifiableMap(m);
    }

    public HaproxySettings {
        if (bindAddress == null || bindAddress.isBlank() || !bindAddress.matches("[0-9A-Za-z.:\\[\\]*-]+")) {
            throw new IllegalArgumentException("haproxy option bind='" + bindAddress + "' is not an address; give e.g. 0.0.0.0 or 127.0.0.1");
        }
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new IllegalArgumentException("haproxy option metrics='" + metricsPort + "' is not a TCP port; give e.g. 8405");
        }
        if (binary == null || binary.isBlank()) {
            throw new IllegalArgumentException("haproxy option binary is empty; give the haproxy executable, e.g. /usr/sbin/haproxy");
        }
    }

    public static HaproxySettings in(Path dir) {
        return new HaproxySettings(dir, "0.0.0.0", "haproxy", 0);
    }

    public HaproxySettings withBind(String address) {
        return new HaproxySettings(dir, address, binary, metricsPort);
    }

    public HaproxySettings withMetrics(int port) {
        return new HaproxySettings(dir, bindAddress, binary, port);
    }
}

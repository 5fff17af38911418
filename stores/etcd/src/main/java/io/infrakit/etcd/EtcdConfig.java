package io.infrakit.etcd;

import io.infrakit.spi.GoDuration;
import io.infrakit.spi.PluginException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach an etcd cluster and how the manager uses it.
 *
 * @param endpoints      client URLs of the members ({@code http://} or {@code https://})
 * @param prefix         every key this manager writes starts with it (several deployments can share a cluster)
 * @param caFile         PEM CA bundle that signed the members' certificates (TLS), or null
 * @param certFile       PEM client certificate (mutual TLS), or null
 * @param keyFile        PEM PKCS#8 private key of {@code certFile}, or null
 * @param user           etcd user (etcd's own auth), or null
 * @param password       that user's password, or null
 * @param leaseTtl       leadership lease: a leader that cannot renew it within this time steps down
 * @param requestTimeout how long one etcd call may take before it fails
 * @param historyLimit   how many versions of each group are kept for rollback
 */
public record EtcdConfig(List<URI> endpoints, String prefix, Path caFile, Path certFile, Path keyFile,
                         String user, String password, Duration leaseTtl, Duration requestTimeout,
                         int historyLimit) {

    public static final String DEFAULT_PREFIX = "/infrakit/";
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_HISTORY_LIMIT = 10;

    /** Option names accepted by {@link #fromOptions}. */
    public static final Set<String> OPTIONS = Set.of("endpoints", "prefix", "ca", "cert", "key", "user",
            "password", "password-file", "lease-ttl", "timeout", "history");

    public EtcdConfig {
        if (endpoints == null || endpoints.isEmpty()) {
            throw bad("endpoints", "(none)", "give at least one client URL, e.g. http://127.0.0.1:2379");
        }
        endpoints = List.copyOf(endpoints);
        for (URI e : endpoints) {
            if (!"http".equals(e.getScheme()) && !"https".equals(e.getScheme()) || e.getPort() <= 0) {
                throw bad("endpoints", e.toString(), "use http://HOST:PORT or https://HOST:PORT");
            }
        }
        prefix = prefix == null || prefix.isBlank() ? DEFAULT_PREFIX : prefix;
        if (!prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if ((certFile == null) != (keyFile == null)) {
            throw bad(certFile == null ? "cert" : "key", "(missing)", "give both cert and key for mutual TLS, or neither");
        }
        if ((user == null) != (password == null)) {
            throw bad(user == null ? "user" : "password", "(missing)", "give both user and password, or neither");
        }
        leaseTtl = leaseTtl == null ? DEFAULT_LEASE_TTL : leaseTtl;
        if (leaseTtl.toSeconds() < 2) {
            throw bad("lease-ttl", leaseTtl.toSeconds() + "s", "use at least 2 seconds (etcd counts leases in whole seconds)");
        }
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw bad("timeout", GoDuration.format(requestTimeout), "use a positive duration such as 5s");
        }
        historyLimit = historyLimit == 0 ? DEFAULT_HISTORY_LIMIT : historyLimit;
        if (historyLimit < 1) {
            throw bad("history", Integer.toString(historyLimit), "keep at least 1 version");
        }
    }

    /** Plain endpoints, defaults for everything else. */
    public static EtcdConfig of(List<URI> endpoints) {
        return new EtcdConfig(endpoints, null, null, null, null, null, null, null, null, 0);
    }

    public EtcdConfig withPrefix(String newPrefix) {
        return new EtcdConfig(endpoints, newPrefix, caFile, certFile, keyFile, user, password, leaseTtl,
                requestTimeout, historyLimit);
    }

    public EtcdConfig withLeaseTtl(Duration ttl) {
        return new EtcdConfig(endpoints, prefix, caFile, certFile, keyFile, user, password, ttl,
                requestTimeout, historyLimit);
    }

    public EtcdConfig withRequestTimeout(Duration timeout) {
        return new EtcdConfig(endpoints, prefix, caFile, certFile, keyFile, user, password, leaseTtl,
                timeout, historyLimit);
    }

    public EtcdConfig withHistoryLimit(int limit) {
        return new EtcdConfig(endpoints, prefix, caFile, certFile, keyFile, user, password, leaseTtl,
                requestTimeout, limit);
    }

    public EtcdConfig withTls(Path ca, Path cert, Path key) {
        return new EtcdConfig(endpoints, prefix, ca, cert, key, user, password, leaseTtl, requestTimeout, historyLimit);
    }

    public EtcdConfig withCredentials(String newUser, String newPassword) {
        return new EtcdConfig(endpoints, prefix, caFile, certFile, keyFile, newUser, newPassword, leaseTtl,
                requestTimeout, historyLimit);
    }

    public boolean tls() {
        return caFile != null || certFile != null || endpoints.stream().anyMatch(e -> "https".equals(e.getScheme()));
    }

    /**
     * Reads the options a manager is configured with, e.g. {@code endpoints=http://a:2379,http://b:2379},
     * {@code ca=/etc/infrakit/etcd-ca.pem}, {@code lease-ttl=5}. Unknown options are refused so that a
     * typo does not silently fall back to a default.
     */
    public static EtcdConfig fromOptions(Map<String, String> options) {
        for (String name : options.keySet()) {
            if (!OPTIONS.contains(name)) {
                throw bad(name, options.get(name), "known etcd options are " + new java.util.TreeSet<>(OPTIONS));
            }
        }
        List<URI> endpoints = new ArrayList<>();
        for (String e : Optional.ofNullable(options.get("endpoints")).orElse("").split(",")) {
            if (!e.isBlank()) {
                try {
                    endpoints.add(URI.create(e.strip()));
                } catch (IllegalArgumentException ex) {
                    throw bad("endpoints", e, "use http://HOST:PORT or https://HOST:PORT");
                }
            }
        }
        String password = options.get("password");
        if (options.containsKey("password-file")) {
            if (password != null) {
                throw bad("password-file", options.get("password-file"), "give password or password-file, not both");
            }
            Path file = Path.of(options.get("password-file"));
            io.infrakit.rpc.SecretFiles.requirePrivate(file, "etcd password file (manager.etcd.password-file)");
            try {
                password = Files.readString(file).strip();
            } catch (IOException ex) {
                throw bad("password-file", file.toString(), "make it a readable file (" + ex.getMessage() + ")");
            }
        }
        return new EtcdConfig(endpoints, options.get("prefix"), readable(options, "ca"), readable(options, "cert"),
                readable(options, "key"), options.get("user"), password,
                duration(options, "lease-ttl"), duration(options, "timeout"),
                (int) number(options, "history"));
    }

    /**
     * Options from the environment: each option NAME is read from {@code INFRAKIT_ETCD_NAME}
     * (upper case, '-' as '_'), e.g. {@code INFRAKIT_ETCD_ENDPOINTS}, {@code INFRAKIT_ETCD_PASSWORD_FILE}.
     * Options given explicitly win over the environment.
     */
    public static Map<String, String> withEnvironment(Map<String, String> options, Map<String, String> env) {
        Map<String, String> merged = new java.util.TreeMap<>();
        for (String name : OPTIONS) {
            String value = env.get("INFRAKIT_ETCD_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            if (value != null && !value.isBlank()) {
                merged.put(name, value);
            }
        }
        merged.putAll(options);
        return merged;
    }

    private static Path readable(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            return null;
        }
        Path path = Path.of(value);
        if (!Files.isReadable(path)) {
            throw bad(name, value, "make it a readable PEM file");
        }
        if (name.equals("key")) {
            io.infrakit.rpc.SecretFiles.requirePrivate(path, "etcd TLS key (manager.etcd.key)");
        }
        return path;
    }

    /**
     * A duration in the project's one grammar (spi GoDuration: {@code 5s}, {@code 1m}); a bare whole
     * number is still read as seconds, as these options were documented in seconds. A lease must be
     * whole seconds: etcd counts leases in seconds.
     */
    private static Duration duration(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            return null;
        }
        Duration d;
        try {
            d = GoDuration.parseWithBareSeconds(value);
        } catch (IllegalArgumentException ex) {
            throw bad(name, value, "use a duration such as 5s or 1m (a bare number is seconds)");
        }
        if (d.isZero()) {
            throw bad(name, value, "use a positive duration such as 5s");
        }
        if (name.equals("lease-ttl") && d.toNanosPart() != 0) {
            throw bad(name, value, "use whole seconds, e.g. " + Math.max(2, d.toSeconds()) + "s (etcd counts leases in whole seconds)");
        }
        return d;
    }

    private static long number(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            return 0;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n <= 0) {
                throw bad(name, value, "use a positive whole number");
            }
            return n;
        } catch (NumberFormatException ex) {
            throw bad(name, value, "use a positive whole number");
        }
    }

    private static PluginException bad(String field, String value, String fix) {
        return new PluginException("etcd option '" + field + "' = '" + value + "' is not valid: " + fix);
    }

    @Override
    public String toString() {
        // Never print the password.
        return "EtcdConfig[endpoints=" + endpoints + ", prefix=" + prefix + ", tls=" + tls()
                + ", user=" + user + ", leaseTtl=" + leaseTtl + "]";
    }
}

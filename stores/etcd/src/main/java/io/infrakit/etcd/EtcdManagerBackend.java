package io.infrakit.etcd;

import io.infrakit.spi.GoDuration;
import io.infrakit.core.manager.ManagerBackend;

import java.util.Map;

/** The {@code etcd} manager backend, found by {@link java.util.ServiceLoader}. */
public final class EtcdManagerBackend implements ManagerBackend {
    @Override
    public String name() {
        return EtcdBackend.NAME;
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> o = new java.util.LinkedHashMap<>();
        o.put("endpoints", "etcd client URLs, comma-separated (http:// or https://); or INFRAKIT_ETCD_ENDPOINTS");
        o.put("prefix", "key prefix for this deployment (default " + EtcdConfig.DEFAULT_PREFIX + ")");
        o.put("ca", "PEM CA bundle of the etcd members' certificates");
        o.put("cert", "PEM client certificate for etcd (with key)");
        o.put("key", "PEM PKCS#8 key of that certificate");
        o.put("user", "etcd user (etcd's own auth)");
        o.put("password", "that user's password (prefer password-file)");
        o.put("password-file", "file holding that user's password");
        o.put("lease-ttl", "leadership lease, whole seconds (default " + GoDuration.format(EtcdConfig.DEFAULT_LEASE_TTL)
                + "): a dead leader is replaced after about this long");
        o.put("timeout", "time one etcd call may take (default " + GoDuration.format(EtcdConfig.DEFAULT_REQUEST_TIMEOUT) + ")");
        o.put("history", "versions kept per group for rollback (default " + EtcdConfig.DEFAULT_HISTORY_LIMIT + ")");
        return o;
    }

    @Override
    public Opened open(Map<String, String> options) {
        // Options given to the manager win over INFRAKIT_ETCD_* from the environment.
        return EtcdBackend.open(EtcdConfig.withEnvironment(options, System.getenv()));
    }
}

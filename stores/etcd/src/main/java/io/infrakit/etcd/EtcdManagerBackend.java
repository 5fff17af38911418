package io.infrakit.etcd;

import io.infrakit.core.manager.ManagerBackend;

import java.util.Map;

/** The {@code etcd} manager backend, found by {@link java.util.ServiceLoader}. */
public final class EtcdManagerBackend implements ManagerBackend {
    @Override
    public String name() {
        return EtcdBackend.NAME;
    }

    @Override
    public Opened open(Map<String, String> options) {
        return EtcdBackend.open(options);
    }
}

package io.infrakit.core.manager;

import io.infrakit.core.manager.store.SpecStore;
import io.infrakit.core.manager.store.Leadership;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Where managers keep their specs and how they pick a leader, chosen by configuration:
 * {@code file} (one host) or {@code etcd} (several hosts sharing an etcd cluster). Backends in
 * other modules are found with {@link ServiceLoader} under their {@link #name()}, so the manager
 * needs no compile-time dependency on them.
 */
public interface ManagerBackend {

    /** Name used in configuration ({@code --backend etcd}). */
    String name();

    /** The options {@link #open} understands, with a line of help each (shown by `infrakit plugin kinds`). */
    default Map<String, String> options() {
        return Map.of();
    }

    /**
     * Connects with the backend's options (for etcd: {@code endpoints}, {@code ca}, {@code cert},
     * {@code key}, {@code user}, {@code password}, ...). Bad options fail with a message naming them.
     */
    Opened open(Map<String, String> options);

    /** An opened backend; closing it resigns leadership and releases connections. */
    interface Opened extends AutoCloseable {
        SpecStore specStore();

        Leadership leadership();

        /** The shared key/value store ({@code infrakit vars}); null lets the manager keep it in a file of its home. */
        default io.infrakit.spi.metadata.UpdatableMetadata vars() {
            return null;
        }

        @Override
        void close();
    }

    /** The backend named {@code name} among those on the class path. */
    static Optional<ManagerBackend> find(String name) {
        for (ManagerBackend b : ServiceLoader.load(ManagerBackend.class, ManagerBackend.class.getClassLoader())) {
            if (b.name().equals(name)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** Names of the backends on the class path (for error messages). */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(ManagerBackend.class, ManagerBackend.class.getClassLoader()).forEach(b -> names.add(b.name()));
        return names;
    }
}

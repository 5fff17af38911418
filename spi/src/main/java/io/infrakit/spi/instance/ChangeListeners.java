package io.infrakit.spi.instance;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The watchers of an {@link InstanceChangeSource}: every change goes to each of them, and one that
 * throws does not keep the change from the others. Safe to use from any thread.
 */
public final class ChangeListeners {

    private final List<Consumer<InstanceChange>> listeners = new CopyOnWriteArrayList<>();
    private final BiConsumer<InstanceChange, RuntimeException> onFailure;

    /** @param onFailure told when a listener throws (the plugin logs it: spi has no logger) */
    public ChangeListeners(BiConsumer<InstanceChange, RuntimeException> onFailure) {
        this.onFailure = onFailure;
    }

    /** Adds a listener; closing the handle removes it. */
    public AutoCloseable add(Consumer<InstanceChange> listener) {
        listeners.add(listener);
        return () -> remove(listener);
    }

    /** Removes a listener; true when it was there. */
    public boolean remove(Consumer<InstanceChange> listener) {
        return listeners.remove(listener);
    }

    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    public void clear() {
        listeners.clear();
    }

    /** Hands the change to every listener, in the order they were added. */
    public void notify(InstanceChange change) {
        for (Consumer<InstanceChange> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                onFailure.accept(change, e);
            }
        }
    }
}

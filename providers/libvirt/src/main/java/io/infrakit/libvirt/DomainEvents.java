package io.infrakit.libvirt;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.ChangeListeners;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.OwnChanges;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.DomainEventType;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * libvirt's domain lifecycle events as instance changes. Subscribed while someone watches. A
 * domain of ours that stops or crashes is handed to the reaper when reaping is on (it removes the
 * domain and reports it lost), else reported lost as it is; a start, pause or resume is a change.
 * Events about domains the plugin is changing itself are dropped (see {@link OwnChanges}).
 */
final class DomainEvents implements AutoCloseable {

    /** Removes a dead domain of ours and reports it lost. */
    interface Reaper {
        void reap(String name, String why);
    }

    private static final Logger log = LoggerFactory.getLogger(DomainEvents.class);

    private final Connection connection;
    private final OwnChanges own;
    private final Reaper reaper;
    private final ChangeListeners listeners = new ChangeListeners(
            (change, e) -> log.warn("instance change listener failed on {}: {}", change, e.toString()));
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    /** Subscribing and unsubscribing are calls to libvirtd: a lock, not a monitor, around them. */
    private final ReentrantLock subscription = new ReentrantLock();
    private volatile LifecycleListener lifecycle; // written under subscription

    /** @param reaper null when stopped domains are to stay (they are only reported lost) */
    DomainEvents(Connection connection, OwnChanges own, Reaper reaper) {
        this.connection = connection;
        this.own = own;
        this.reaper = reaper;
    }

    AutoCloseable watch(Consumer<InstanceChange> listener) {
        subscription.lock();
        try {
            if (lifecycle == null) {
                LifecycleListener l = this::onLifecycle;
                try {
                    connection.get().addLifecycleListener(l);
                } catch (LibvirtException e) {
                    throw new PluginException("cannot watch domain events on " + connection.uri() + ": "
                            + LibvirtInstancePlugin.message(e), e);
                }
                lifecycle = l;
            }
            listeners.add(listener);
        } finally {
            subscription.unlock();
        }
        return () -> unwatch(listener);
    }

    private void unwatch(Consumer<InstanceChange> listener) {
        subscription.lock();
        try {
            listeners.remove(listener);
            if (listeners.isEmpty()) {
                stopEvents();
            }
        } finally {
            subscription.unlock();
        }
    }

    /**
     * After a reconnect the old subscription is gone with the old connection. Runs inside
     * {@link Connection#get()}: it takes no lock, so that it cannot wait on a {@link #watch} that
     * waits on the connection.
     */
    void resubscribe(Connect fresh) {
        LifecycleListener l = lifecycle;
        if (l != null) {
            try {
                fresh.addLifecycleListener(l);
            } catch (LibvirtException e) {
                log.warn("cannot watch domain events again after reconnecting: {}", LibvirtInstancePlugin.message(e));
            }
        }
    }

    private void stopEvents() {
        LifecycleListener l = lifecycle;
        lifecycle = null;
        if (l != null) {
            try {
                connection.get().removeLifecycleListener(l);
            } catch (LibvirtException | RuntimeException e) {
                log.debug("removing lifecycle listener: {}", e.getMessage());
            }
        }
    }

    /** Runs on libvirt's event loop thread: hand the work to a virtual thread and return at once. */
    private int onLifecycle(Domain domain, DomainEvent event) {
        final String name;
        try {
            name = domain.getName();
        } catch (LibvirtException e) {
            return 0;
        }
        if (!name.startsWith(LibvirtInstancePlugin.NAME_PREFIX) || own.isOwn(name)) {
            return 0;
        }
        DomainEventType type = event.getType();
        String detail = type.name().toLowerCase() + ": " + String.valueOf((Object) event.getDetail()).toLowerCase();
        work.execute(() -> handle(name, type, detail));
        return 0;
    }

    private void handle(String name, DomainEventType type, String detail) {
        if (own.isOwn(name)) {
            return;
        }
        if (type == DomainEventType.STOPPED && Tags.TRUE.equals(tagsOf(name).get(Tags.WARM))) {
            // Shut off into a warm pool: kept, not lost.
            notifyChange(InstanceChange.Kind.CHANGED, name, tagsOf(name), detail + ", in the warm pool");
        } else if (type == DomainEventType.STOPPED || type == DomainEventType.CRASHED) {
            if (reaper != null) {
                reaper.reap(name, detail);
            } else {
                notifyChange(InstanceChange.Kind.LOST, name, tagsOf(name), detail);
            }
        } else if (type == DomainEventType.UNDEFINED) {
            notifyChange(InstanceChange.Kind.LOST, name, Map.of(), detail);
        } else if (type == DomainEventType.STARTED || type == DomainEventType.SUSPENDED || type == DomainEventType.RESUMED) {
            notifyChange(InstanceChange.Kind.CHANGED, name, tagsOf(name), detail);
        }
    }

    private Map<String, String> tagsOf(String name) {
        try {
            InstanceMetadata m = InstanceMetadata.fromDomainXml(Xml.parse(connection.get().domainLookupByName(name).getXMLDesc(0)));
            return m == null ? Map.of() : m.tags();
        } catch (LibvirtException e) {
            return Map.of();
        }
    }

    void notifyChange(InstanceChange.Kind kind, String name, Map<String, String> tags, String detail) {
        listeners.notify(new InstanceChange(kind, name, tags, detail));
    }

    @Override
    public void close() {
        subscription.lock();
        try {
            listeners.clear();
            stopEvents();
        } finally {
            subscription.unlock();
        }
        work.close();
    }
}

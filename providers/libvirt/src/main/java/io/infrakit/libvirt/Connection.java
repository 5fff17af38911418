package io.infrakit.libvirt;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The plugin's libvirt connection, reopened when libvirtd went away (a restart for a package
 * upgrade must not leave a long-running plugin answering "client socket is closed" forever).
 */
final class Connection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final String uri;
    private final Function<String, Connect> opener;
    private Connect current; // guarded by this
    private Consumer<Connect> onReopen = c -> { };

    /** A connection that is reopened with {@code opener} when it dies. */
    Connection(String uri, Function<String, Connect> opener) {
        this.uri = uri;
        this.opener = opener;
        this.current = opener.apply(uri);
    }

    /** A fixed connection (tests): never reopened. */
    static Connection fixed(Connect connect) {
        return new Connection(connect);
    }

    private Connection(Connect connect) {
        this.uri = null;
        this.opener = null;
        this.current = connect;
    }

    /** Called with the new connection after a reopen (to subscribe to events again). */
    synchronized void onReopen(Consumer<Connect> hook) {
        this.onReopen = hook;
    }

    /** The live connection; reopens it first when libvirt says it is dead. */
    synchronized Connect get() {
        if (opener != null && !alive(current)) {
            log.warn("libvirt connection to {} was lost; reconnecting", uri);
            Connect fresh = opener.apply(uri); // throws with the reason if libvirtd is still down
            Connect old = current;
            current = fresh;
            try {
                old.close();
            } catch (LibvirtException | RuntimeException e) {
                // already dead
            }
            onReopen.accept(fresh);
        }
        return current;
    }

    /** The URI of the live connection, for messages ("libvirt" when it cannot tell). */
    String uri() {
        try {
            return get().getURI();
        } catch (LibvirtException | RuntimeException e) {
            return uri != null ? uri : "libvirt";
        }
    }

    private static boolean alive(Connect c) {
        try {
            return c.isAlive(); // local check, no round trip
        } catch (LibvirtException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() throws LibvirtException {
        current.close();
    }
}

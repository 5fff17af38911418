package io.infrakit.libvirt;

import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's default event loop, which delivers domain lifecycle callbacks and connection
 * keepalives. libvirt has exactly one per process and it must be registered before the first
 * connection is opened, so this is the one deliberately process-wide piece of state of the module.
 */
final class EventLoop {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    private static final Object LOCK = new Object();
    private static Thread thread; // guarded by LOCK; once started, it runs for the life of the JVM
    /**
     * libvirt prints every error to stderr unless a handler is set; errors reach us as exceptions
     * anyway (and many are expected: "domain not found" while listing). Held so JNA keeps it alive.
     */
    private static final org.libvirt.jna.Libvirt.VirErrorCallback QUIET = (userData, error) -> { };

    private EventLoop() {
    }

    /** Registers and starts the loop once per JVM; later calls return at once. */
    static void ensureRunning() {
        synchronized (LOCK) {
            if (thread != null) {
                return;
            }
            try {
                org.libvirt.Connect.setErrorCallback(QUIET);
                Library.initEventLoop();
            } catch (LibvirtException e) {
                throw new IllegalStateException("cannot register libvirt's event loop: " + e.getMessage(), e);
            }
            // A platform daemon thread: it sits in a blocking native poll() and must not pin a carrier.
            thread = Thread.ofPlatform().name("libvirt-event-loop").daemon(true).unstarted(EventLoop::run);
            thread.start();
        }
    }

    private static void run() {
        while (true) {
            try {
                Library.runEventLoop();
            } catch (InterruptedException e) {
                return;
            } catch (LibvirtException | RuntimeException e) {
                log.warn("libvirt event loop: {}; continuing", e.getMessage());
            }
        }
    }
}

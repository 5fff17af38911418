package io.infrakit.rpc.remote;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the TCP listener from being held open by callers who never finish: at most
 * {@code maxTotal} connections at once (so the file descriptors the unix sockets and the store
 * need are never all taken) and {@code maxPerAddress} from one source address; a connection whose
 * TLS handshake has not finished within {@code handshakeTimeout} is closed (a peer trickling one
 * byte every few seconds never gets that far). Refused and timed-out connections are logged at
 * most once a second, with a count of the rest.
 */
final class ConnectionGuard implements Connection.Listener {

    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

    private final int maxTotal;
    private final int maxPerAddress;
    private final Duration handshakeTimeout;
    private final Scheduler scheduler;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final RateLimitedLog refusals = new RateLimitedLog(log, Duration.ofSeconds(1));

    ConnectionGuard(int maxTotal, int maxPerAddress, Duration handshakeTimeout, Scheduler scheduler) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.handshakeTimeout = handshakeTimeout;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        if (!(connection instanceof SslConnection ssl)) {
            return; // the HTTP connection above an SslConnection: counted with it
        }
        InetAddress from = address(connection.getEndPoint().getRemoteSocketAddress());
        int all = total.incrementAndGet();
        int mine = from == null ? 0 : perAddress.computeIfAbsent(from, a -> new AtomicInteger()).incrementAndGet();
        if (all > maxTotal || mine > maxPerAddress) {
            refusals.warn("closed TCP connection from={} reason=too many connections (this address {} of {}, all {} of {})",
                    from == null ? "?" : from.getHostAddress(), mine, maxPerAddress, all, maxTotal);
            connection.getEndPoint().close();
            return;
        }
        AtomicBoolean done = new AtomicBoolean();
        ssl.addHandshakeListener(new SslHandshakeListener() {
            @Override
            public void handshakeSucceeded(Event event) {
                done.set(true);
            }
        });
        scheduler.schedule(() -> {
            if (!done.get() && connection.getEndPoint().isOpen()) {
                refusals.warn("closed TCP connection from={} reason=TLS handshake not finished within {} s",
                        from == null ? "?" : from.getHostAddress(), handshakeTimeout.toSeconds());
                connection.getEndPoint().close();
            }
        }, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection connection) {
        if (!(connection instanceof SslConnection)) {
            return;
        }
        total.decrementAndGet();
        InetAddress from = address(connection.getEndPoint().getRemoteSocketAddress());
        if (from != null) {
            perAddress.computeIfPresent(from, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    /** Open connections now (for tests and the status of the listener). */
    int open() {
        return total.get();
    }

    private static InetAddress address(SocketAddress a) {
        return a instanceof InetSocketAddress i ? i.getAddress() : null;
    }

    /** A WARN at most once per period; what was held back is counted in the next one. */
    static final class RateLimitedLog {
        private final Logger log;
        private final long periodNanos;
        private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong held = new AtomicLong();

        RateLimitedLog(Logger log, Duration period) {
            this.log = log;
            this.periodNanos = period.toNanos();
        }

        void warn(String format, Object... args) {
            long now = System.nanoTime();
            long due = next.get();
            if ((due == Long.MIN_VALUE || now - due >= 0) && next.compareAndSet(due, now + periodNanos)) {
                long more = held.getAndSet(0);
                log.warn(more == 0 ? format : format + " ({} more not logged since the last such line)", more == 0 ? args : append(args, more));
            } else {
                held.incrementAndGet();
            }
        }

        private static Object[] append(Object[] args, Object last) {
            Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
            all[args.length] = last;
            return all;
        }
    }
}

package io.infrakit.rpc.remote;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SelectableChannelEndPoint;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
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
 *
 * <p>A connection is admitted or refused on the acceptor thread, the moment it is accepted
 * ({@link #admit}): a refused one is closed before the selector ever sees it, so under a flood
 * its descriptor lives microseconds, and accepted-but-not-yet-opened connections cannot pile up
 * beyond the cap (counting them later, when Jetty opens them, let a 20,000-connection flood hold
 * twice the cap). An admitted channel is released exactly once, when its connection closes or
 * when Jetty fails to register it.
 */
final class ConnectionGuard implements Connection.Listener, SelectorManager.AcceptListener {

    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

    private final int maxTotal;
    private final int maxPerAddress;
    private final Duration handshakeTimeout;
    private final Scheduler scheduler;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    /** Admitted channels and their source address (null when unknown): released once each. */
    private final ConcurrentHashMap<SelectableChannel, Optional<InetAddress>> admitted = new ConcurrentHashMap<>();
    private final RateLimitedLog refusals = new RateLimitedLog(log, Duration.ofSeconds(1));

    ConnectionGuard(int maxTotal, int maxPerAddress, Duration handshakeTimeout, Scheduler scheduler) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.handshakeTimeout = handshakeTimeout;
        this.scheduler = scheduler;
    }

    /** On the acceptor thread: true when {@code channel} may stay open; when false the caller closes it at once. */
    boolean admit(SocketChannel channel) {
        InetAddress from;
        try {
            from = address(channel.getRemoteAddress());
        } catch (IOException e) {
            return false; // already gone
        }
        int all = total.incrementAndGet();
        int mine = from == null ? 0 : perAddress.computeIfAbsent(from, a -> new AtomicInteger()).incrementAndGet();
        if (all > maxTotal || mine > maxPerAddress) {
            release(from);
            refusals.warn("closed TCP connection from={} reason=too many connections (this address {} of {}, all {} of {})",
                    from == null ? "?" : from.getHostAddress(), mine, maxPerAddress, all, maxTotal);
            return false;
        }
        admitted.put(channel, Optional.ofNullable(from));
        return true;
    }

    @Override
    public void onOpened(Connection connection) {
        if (!(connection instanceof SslConnection ssl)) {
            return; // the HTTP connection above an SslConnection: counted with it
        }
        InetAddress from = address(connection.getEndPoint().getRemoteSocketAddress());
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
        if (connection instanceof SslConnection && connection.getEndPoint() instanceof SelectableChannelEndPoint endPoint) {
            released(endPoint.getChannel());
        }
    }

    @Override
    public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
        released(channel); // admitted, but Jetty could not register it (it closed it): no connection will close
    }

    private void released(SelectableChannel channel) {
        Optional<InetAddress> from = admitted.remove(channel);
        if (from != null) {
            release(from.orElse(null));
        }
    }

    private void release(InetAddress from) {
        total.decrementAndGet();
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

package io.infrakit.rpc.remote;

import io.infrakit.spi.PluginException;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many TCP connections the listener may hold at once so that the process always keeps file
 * descriptors for what matters more: the unix sockets (the owner's CLI, the plugins' calls to each
 * other) and the store's files. Of the descriptors still free when the listener starts, a fixed
 * {@link #RESERVE} is kept back and the TCP connections get at most half of the rest, never more
 * than the listener's own cap; under a limit that leaves fewer than {@link #MINIMUM}, the listener
 * does not start (a daemon that can be starved is worse than one that says why it cannot listen).
 *
 * @param limit the process's file-descriptor limit (the soft {@code ulimit -n}; the JVM raises it to the hard one)
 * @param open  descriptors open now
 */
public record FdBudget(long limit, long open) {

    /** Kept back for the unix sockets, the store, logs and the JVM's own files, whatever TCP callers do. */
    public static final int RESERVE = 256;
    /** Fewer TCP connections than this is no listener worth running. */
    public static final int MINIMUM = 16;

    /** This process's limit and open descriptors (Linux and other unixes; elsewhere no limit is known, and none is applied). */
    public static FdBudget ofThisProcess() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return new FdBudget(unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount());
        }
        return new FdBudget(Long.MAX_VALUE, 0);
    }

    /**
     * The connections TCP callers may hold: {@code wanted}, or less when the limit is low.
     *
     * @throws PluginException when the limit leaves fewer than {@link #MINIMUM} (the message says how to raise it)
     */
    public int connections(int wanted) {
        long spare = (limit - open - RESERVE) / 2;
        if (spare < MINIMUM) {
            throw new PluginException("the file-descriptor limit (ulimit -n) is " + limit + " with " + open
                    + " open: too few to serve TCP callers and keep " + RESERVE + " for the unix sockets and the store; "
                    + "raise it before starting the daemon, e.g. 'ulimit -n 4096' (or LimitNOFILE=4096 in a systemd unit)");
        }
        return (int) Math.min(wanted, spare);
    }
}

package io.infrakit.cli;

/**
 * Class initialisation a daemon's first answer would otherwise wait for, run on a thread of its own while the
 * sockets are made ({@code plugin start}, {@code up}). JDK 25's BigDecimal builds a table of large powers of five in
 * its static initialiser (25 ms of CPU with C1, 67 ms interpreted, measured), and Jackson's parsers hold BigDecimal
 * constants: the first JSON-RPC call a daemon answered paid for it. Done ahead, the first call is answered about
 * 20 ms sooner (docs/performance.md, "Start, fourth pass").
 */
public enum InitAhead implements Runnable {
    BIG_DECIMAL;

    /** Starts the work on a daemon thread and returns at once. */
    public static void start() {
        Thread t = new Thread(BIG_DECIMAL, "infrakit-init-ahead"); // (an enum constant, not a lambda: nothing to link)
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        java.math.BigDecimal.ONE.signum();
    }
}

package io.infrakit.cli.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An attacker of the TCP listener, in a process of its own (its sockets count against its own
 * file-descriptor limit, not the daemon's): opens {@code COUNT} connections to 127.0.0.1:PORT from
 * addresses 127.NET.x.y ({@code PER_ADDRESS} from each), sends each the first byte of a TLS record
 * and nothing more (half-open: TCP connected, TLS never finished), prints
 * {@code opened N failed M}, then trickles one byte every 4 s into every connection the listener has
 * not closed, until its standard input closes. Started by {@link #start}; not thread-safe.
 */
public final class HalfOpenFlood implements AutoCloseable {

    private final Process process;
    private final java.io.BufferedReader output;
    private int opened = -1;

    private HalfOpenFlood(Process process) {
        this.process = process;
        this.output = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()));
    }

    /** Starts an attacker process (several can start at once; {@link #opened()} waits for one). */
    public static HalfOpenFlood start(int port, int count, int net, int perAddress) throws IOException {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        String classes = Path.of(java.net.URI.create(HalfOpenFlood.class.getProtectionDomain().getCodeSource().getLocation().toString()))
                .toString();
        return new HalfOpenFlood(new ProcessBuilder(javaBin.toString(), "-XX:+UseSerialGC", "-Xmx96m", "-XX:TieredStopAtLevel=1",
                "-cp", classes, HalfOpenFlood.class.getName(), String.valueOf(port), String.valueOf(count), String.valueOf(net),
                String.valueOf(perAddress)).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** Waits until the attacker has opened all its connections (or given up on some): how many were TCP-connected. */
    public int opened() throws IOException {
        if (opened < 0) {
            String line = output.readLine();
            if (line == null || !line.startsWith("opened ")) {
                process.destroyForcibly();
                throw new IOException("the attacker process ended before opening its connections: " + line);
            }
            opened = Integer.parseInt(line.split(" ")[1]);
        }
        return opened;
    }

    /** Ends the attack: the attacker closes its connections and exits. */
    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        int net = Integer.parseInt(args[2]);
        int perAddress = Integer.parseInt(args[3]);
        PrintStream out = System.out;
        ConcurrentLinkedQueue<Socket> open = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        // A few connecting at once: fast, and without overflowing the listener's accept queue.
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < count; i++) {
                int n = i / perAddress;
                InetAddress from = InetAddress.getByAddress(new byte[]{127, (byte) net, (byte) (n / 250), (byte) (1 + n % 250)});
                pool.execute(() -> {
                    Socket s = new Socket();
                    try {
                        s.bind(new InetSocketAddress(from, 0));
                        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        try {
                            s.close();
                        } catch (IOException ignored) {
                            // nothing held
                        }
                        return;
                    }
                    open.add(s);
                    try {
                        s.getOutputStream().write(0x16); // a TLS handshake record begins, and goes no further
                    } catch (IOException e) {
                        // the listener closed it already (over its cap): still a connection it had to accept
                    }
                });
            }
        }
        out.println("opened " + open.size() + " failed " + failed.get());
        out.flush();
        Thread trickle = Thread.ofPlatform().daemon().start(() -> {
            while (true) {
                try {
                    Thread.sleep(4_000);
                } catch (InterruptedException e) {
                    return;
                }
                List<Socket> dead = new ArrayList<>();
                for (Socket s : open) {
                    try {
                        OutputStream o = s.getOutputStream();
                        o.write(0x03);
                    } catch (IOException e) {
                        dead.add(s); // closed by the listener: kept open on this side, as a careless attacker does
                    }
                }
                open.removeAll(dead);
            }
        });
        while (System.in.read() >= 0) {
            // until the test closes our input
        }
        trickle.interrupt();
        for (Socket s : open) {
            s.close();
        }
    }
}

package io.infrakit.cli;

import io.infrakit.spi.PluginException;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code get -w}: looks again every interval. On a terminal the table is redrawn in place (the
 * cursor moves back over the previous drawing); piped, the first table is printed whole and then
 * only rows that changed, so a log of changes builds up. Ctrl-C (or SIGTERM) ends it with 130.
 */
final class Watch {

    static final int INTERRUPTED = 130;

    private final CliEnv env;
    private final PrintWriter out;
    private final Ansi ansi;
    private final long intervalMillis;

    Watch(CliEnv env, PrintWriter out, Ansi ansi, long intervalMillis) {
        this.env = env;
        this.out = out;
        this.ansi = ansi;
        this.intervalMillis = Math.max(100, intervalMillis);
    }

    /**
     * A row as compared between looks: without its padding (a wider cell elsewhere re-pads every
     * row) and without ages (a member getting a second older has not changed).
     */
    static String key(String line) {
        return String.join(" ", line.strip().split("\\s+")).replaceAll("(^| )\\d+[smhd](?= |$)", "$1~");
    }

    int run(Supplier<GetCommand.Snapshot> look) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        env.shutdown().onShutdown(() -> {
            stop.countDown();
            if (ansi.enabled) {
                out.print("\033[0m");
                out.flush();
            }
        });
        int drawn = 0;
        Set<String> previous = null;
        while (stop.getCount() > 0) {
            List<String> lines;
            try {
                lines = look.get().lines();
            } catch (PluginException e) {
                lines = List.of("(" + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + ") cannot read: " + e.getMessage());
            }
            if (ansi.enabled) {
                out.print(ansi.rewind(drawn));
                lines.forEach(out::println);
                drawn = lines.size();
            } else if (previous == null) {
                lines.forEach(out::println);
            } else {
                for (String line : lines) {
                    if (!previous.contains(key(line))) {
                        out.println(line);
                    }
                }
            }
            out.flush();
            previous = new HashSet<>();
            for (String line : lines) {
                previous.add(key(line));
            }
            if (stop.await(intervalMillis, TimeUnit.MILLISECONDS)) {
                break;
            }
        }
        return INTERRUPTED;
    }
}

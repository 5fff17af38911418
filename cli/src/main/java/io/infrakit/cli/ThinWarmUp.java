package io.infrakit.cli;

import io.infrakit.core.spec.InvalidSpecException;
import io.infrakit.core.spec.SpecSources;
import io.infrakit.rpc.registry.PluginRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * After the first thin call of a plain read ({@code get ...}, {@code describe ...}, {@code status},
 * no options), runs the same command line again in the background a few times with its output
 * dropped, once per command per daemon. The daemon runs C1 code only after a method has run a
 * few hundred times; a read runs most of its code once per call, so the calls right after a
 * daemon starts were interpreted (measured: {@code get instances} of 1,000 took 50-80 ms on calls
 * 2 to 8, 20-30 ms warm; docs/performance.md, "CLI"). Reads change nothing, so running them again
 * is safe; a daemon nobody calls thin never does it.
 */
final class ThinWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(ThinWarmUp.class);

    /** The commands warmed: reads, nothing else. */
    static final Set<String> READS = Set.of("get", "describe", "status");

    /** Runs per command, and the most wall time they may take together. */
    static final int RUNS = 24;
    private static final long BUDGET_NANOS = 3_000_000_000L;

    private final PluginRegistry plugins;
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    /** One warm-up at a time: they take one core at most, the callers' commands have the other. */
    private final ReentrantLock one = new ReentrantLock();
    /** Warm-up runs done so far (tests). */
    private final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

    int runs() {
        return runs.get();
    }

    ThinWarmUp(PluginRegistry plugins) {
        this.plugins = plugins;
    }

    /** Whether this command line is a plain read: a read command and positional words only (no watch, no follow). */
    static boolean warmable(String[] args) {
        if (args.length == 0 || args.length > 3 || !READS.contains(args[0])) {
            return false;
        }
        for (String a : args) {
            if (a.startsWith("-")) {
                return false;
            }
        }
        return true;
    }

    /** After a thin call that ended with {@code code}: starts warming its command, the first time only. */
    void after(String[] args, Map<String, String> vars, int code) {
        if (code != 0 || !warmable(args)) {
            return;
        }
        // "describe group a" and "describe group b" run the same code: one warm-up for both.
        String key = args.length > 1 ? args[0] + " " + args[1] : args[0];
        if (!done.add(key)) {
            return;
        }
        Thread.ofVirtual().name("infrakit-cli-warm-up").start(() -> run(args, vars));
    }

    /** Runs the command up to {@link #RUNS} times, output dropped; stops at the first failure. */
    void run(String[] args, Map<String, String> vars) {
        one.lock();
        try {
            warm(args, vars);
        } finally {
            one.unlock();
        }
    }

    private void warm(String[] args, Map<String, String> vars) {
        long start = System.nanoTime();
        CliEnv env = new CliEnv(vars, action -> { }, new Dropped(plugins));
        int runs = 0;
        while (runs < RUNS && System.nanoTime() - start < BUDGET_NANOS) {
            PrintWriter none = new PrintWriter(OutputStream.nullOutputStream());
            int code;
            try {
                code = Main.run(env, none, none, args);
            } catch (RuntimeException | Error e) {
                LOG.debug("thin warm-up of {}: {}", List.of(args), e.toString());
                return;
            }
            runs++;
            this.runs.incrementAndGet();
            if (code != 0) {
                break;
            }
        }
        LOG.debug("thin warm-up of {}: {} runs in {} ms", List.of(args), runs, (System.nanoTime() - start) / 1_000_000);
    }

    /** The warm-up's caller: no terminal, no input, no files (reads name none), the daemon's plugins. */
    private record Dropped(PluginRegistry plugins) implements Caller {
        @Override
        public InputStream stdin() {
            return InputStream.nullInputStream();
        }

        @Override
        public boolean stdoutIsTerminal() {
            return false;
        }

        @Override
        public SpecSources sources() {
            return (names, stdin) -> {
                throw new InvalidSpecException(List.of("a warm-up reads no spec files"));
            };
        }

        @Override
        public boolean local() {
            return false;
        }
    }
}

package io.infrakit.cli;

import io.infrakit.core.spec.SpecSources;

import java.io.Console;
import java.io.InputStream;

/**
 * The process a command runs for: this one ({@link #LOCAL}), or a thin client's, when the daemon
 * runs the command for it ({@code CliService}). Commands take standard input, "is standard output
 * a terminal" and spec files from here, never from {@code System.in}, {@code System.console()} or
 * the local file system directly.
 */
public interface Caller {

    /** This JVM's standard input and output, and its files. */
    Caller LOCAL = new Caller() {
        @Override
        public InputStream stdin() {
            return System.in;
        }

        @Override
        public boolean stdoutIsTerminal() {
            Console c = System.console();
            if (c == null) {
                return false;
            }
            try {
                // Java 22+ has a console even when redirected; isTerminal() tells them apart.
                return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
            } catch (ReflectiveOperationException e) {
                return true;
            }
        }

        @Override
        public SpecSources sources() {
            return SpecSources.LOCAL;
        }

        @Override
        public boolean local() {
            return true;
        }
    };

    InputStream stdin();

    boolean stdoutIsTerminal();

    /** Where spec files named on the command line are read. */
    SpecSources sources();

    /** True for this process itself; false for a thin client's. */
    boolean local();

    /**
     * The daemon's plugin registry (its plugins in-process, the rest over their sockets) when a
     * daemon runs the command; null in a CLI process, which makes its own.
     */
    default io.infrakit.rpc.registry.PluginRegistry plugins() {
        return null;
    }
}

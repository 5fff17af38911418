package io.infrakit.cli;

import io.infrakit.client.Wire;
import io.infrakit.core.spec.InvalidSpecException;
import io.infrakit.core.spec.SpecDocuments;
import io.infrakit.core.spec.SpecSources;
import io.infrakit.spi.PluginException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One thin client's call, as the daemon sees it: the frames out (standard output and error, reads
 * of the caller's spec files, the exit code) and in (those files, Ctrl-C). Writes after a cancel
 * are dropped, as a process stopped by Ctrl-C prints nothing more.
 */
final class ThinCall implements Caller {

    /** What ends a wait for the caller's files when the call is cancelled. */
    private static final List<String> CANCELLED = List.of();

    private final InputStream in;
    private final OutputStream out;
    private final boolean terminal;
    private final ReentrantLock writing = new ReentrantLock();
    private final BlockingQueue<List<String>> sources = new LinkedBlockingQueue<>();
    private volatile boolean cancelled;
    private volatile boolean muted;

    private final io.infrakit.rpc.registry.PluginRegistry plugins;

    ThinCall(InputStream in, OutputStream out, boolean terminal, io.infrakit.rpc.registry.PluginRegistry plugins) {
        this.plugins = plugins;
        this.in = in;
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * Reads what the caller sends after its hello until it goes away; {@code onCancel} runs once, at
     * Ctrl-C or when the connection ends before the command did.
     */
    void listen(Runnable onCancel) {
        try {
            for (Wire.Frame f = Wire.read(in); f != null; f = Wire.read(in)) {
                if (f.type() == Wire.SOURCES) {
                    sources.add(Wire.strings(f.payload()));
                } else if (f.type() == Wire.CANCEL) {
                    break;
                }
            }
        } catch (IOException e) {
            // the caller went away (killed, or Ctrl-C closed its socket)
        }
        cancelled = true;
        sources.add(CANCELLED);
        onCancel.run();
    }

    boolean cancelled() {
        return cancelled;
    }

    /** After the cancel's own output (a watch resetting colours): nothing more reaches the caller. */
    void mute() {
        muted = true;
    }

    /** Standard output or error (by frame type) as a stream of frames. */
    OutputStream stream(byte type) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (len > 0) {
                    send(Wire.frame(type, b, off, len), false);
                }
            }
        };
    }

    /** The last frame. */
    void exit(int code) {
        send(Wire.exit(code), true);
    }

    private void send(byte[] frame, boolean last) {
        if (muted && !last) {
            return;
        }
        writing.lock();
        try {
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            cancelled = true; // nobody to write to: the caller is gone
        } finally {
            writing.unlock();
        }
    }

    @Override
    public InputStream stdin() {
        // Commands read standard input only as a spec source ("-"), which the caller reads on its side.
        return InputStream.nullInputStream();
    }

    @Override
    public boolean stdoutIsTerminal() {
        return terminal;
    }

    @Override
    public boolean local() {
        return false;
    }

    @Override
    public io.infrakit.rpc.registry.PluginRegistry plugins() {
        return plugins;
    }

    @Override
    public SpecSources sources() {
        return this::readOnCaller;
    }

    /** Asks the caller to read these sources and waits for them: the daemon never reads the caller's paths. */
    private List<SpecDocuments.Source> readOnCaller(List<String> names, InputStream ignored) {
        send(Wire.frame(Wire.READ, Wire.strings(names)), false);
        List<String> answer;
        try {
            answer = sources.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted while reading the spec files");
        }
        if (answer == CANCELLED || answer.isEmpty()) {
            throw new PluginException("cancelled while reading the spec files");
        }
        List<String> rest = answer.subList(1, answer.size());
        if (answer.get(0).equals("problems")) {
            throw new InvalidSpecException(List.copyOf(rest));
        }
        if (!answer.get(0).equals("ok") || rest.size() % 2 != 0) {
            throw new PluginException("the client sent a malformed answer for the spec files " + names);
        }
        List<SpecDocuments.Source> read = new ArrayList<>();
        for (int i = 0; i < rest.size(); i += 2) {
            String name = rest.get(i);
            String text = rest.get(i + 1);
            // The client bounds each source; a client that does not is refused here all the same.
            if (text.length() > SpecDocuments.MAX_BYTES
                    || text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > SpecDocuments.MAX_BYTES) {
                throw new InvalidSpecException(List.of(name + ": more than " + SpecDocuments.MAX_BYTES
                        + " bytes (1 MiB), more than a spec may have: split it into several files or a folder"));
            }
            read.add(new SpecDocuments.Source(name, text));
        }
        return read;
    }
}

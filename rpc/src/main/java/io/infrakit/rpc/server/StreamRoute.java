package io.infrakit.rpc.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A long-running exchange on a plugin's socket beside JSON-RPC ({@code POST} to its path): the
 * request body and the answer are streams open at the same time, so a caller can keep talking while
 * output flows back (the thin CLI client's commands). The answer is chunked; the route returns when
 * it is done, and an exception or the caller going away ends it.
 */
@FunctionalInterface
public interface StreamRoute {

    /**
     * @param in  the request body as it arrives (ends when the caller ends it or goes away)
     * @param out the answer; each write goes out at once
     */
    void serve(InputStream in, OutputStream out) throws IOException;
}

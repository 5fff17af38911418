package io.infrakit.haproxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The balancer's {@link BalancerState} as JSON, replaced atomically (a crash leaves the old or the new file). */
final class StateFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path file;

    StateFile(Path file) {
        this.file = file;
    }

    BalancerState read() throws IOException {
        if (!Files.exists(file)) {
            return BalancerState.EMPTY;
        }
        try {
            return JSON.readValue(file.toFile(), BalancerState.class);
        } catch (IOException e) {
            throw new IOException("the balancer's state file " + file + " cannot be read (" + e.getMessage()
                    + "): fix or remove it (the balancer then starts empty)", e);
        }
    }

    void write(BalancerState state) throws IOException {
        atomicWrite(file, JSON.writeValueAsString(state));
    }

    static void atomicWrite(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

package io.infrakit.rpc.remote;

import io.infrakit.spi.PluginException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bearer tokens a remote listener accepts. Only their SHA-256 digests stay in memory, and
 * comparisons take the same time whatever the input, so neither a heap dump nor timing reveals them.
 */
public final class BearerTokens {
    /** Shorter tokens are refused: they could be guessed. */
    public static final int MIN_LENGTH = 16;

    private final List<byte[]> digests;

    private BearerTokens(List<byte[]> digests) {
        this.digests = digests;
    }

    public static BearerTokens none() {
        return new BearerTokens(List.of());
    }

    public static BearerTokens of(List<String> tokens) {
        List<byte[]> digests = new ArrayList<>();
        for (String t : tokens) {
            if (t.length() < MIN_LENGTH) {
                throw new PluginException("a bearer token is " + t.length() + " characters long; use at least "
                        + MIN_LENGTH + " (e.g. `openssl rand -hex 32`)");
            }
            digests.add(sha256(t));
        }
        return new BearerTokens(List.copyOf(digests));
    }

    /** One token per line; blank lines and lines starting with '#' are skipped. */
    public static BearerTokens fromFile(Path file) {
        List<String> tokens = new ArrayList<>();
        io.infrakit.rpc.SecretFiles.requirePrivate(file, "token file (--token-file)");
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    tokens.add(t);
                }
            }
        } catch (IOException e) {
            throw new PluginException("token file '" + file + "' cannot be read: " + e.getMessage());
        }
        if (tokens.isEmpty()) {
            throw new PluginException("token file '" + file + "' holds no token: put one token per line");
        }
        return of(tokens);
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    /** True when {@code authorization} is {@code Bearer <one of our tokens>}. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] candidate = sha256(authorization.substring(7).strip());
        boolean ok = false;
        for (byte[] d : digests) {
            ok |= MessageDigest.isEqual(d, candidate);
        }
        return ok;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

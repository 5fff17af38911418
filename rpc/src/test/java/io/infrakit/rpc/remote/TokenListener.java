package io.infrakit.rpc.remote;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** A TLS listener on a free port that accepts one bearer token and answers every group call "ok", with its test CA. */
record TokenListener(RemoteListener listener, Path ca) {

    static TokenListener start(Path dir, String token) throws Exception {
        TestPki pki = new TestPki(dir);
        Path ca = pki.ca("infrakit-ca");
        Path[] server = pki.issue("infrakit-ca", "manager", "dns:localhost,ip:127.0.0.1", "serverAuth");
        Path tokens = Files.writeString(dir.resolve("tokens"), token + "\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        RemoteEndpoint group = new RemoteEndpoint(body -> "{\"jsonrpc\":\"2.0\",\"result\":\"ok\",\"id\":1}".getBytes(StandardCharsets.UTF_8),
                () -> "{}".getBytes(StandardCharsets.UTF_8));
        RemoteListener listener = new RemoteListener(new RemoteListenerSettings("0.0.0.0", 0, server[0], server[1], null,
                BearerTokens.fromFile(tokens)), Map.of("group", group), "group").start();
        return new TokenListener(listener, ca);
    }
}

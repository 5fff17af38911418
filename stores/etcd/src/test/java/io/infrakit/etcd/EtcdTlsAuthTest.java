package io.infrakit.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.infrakit.core.manager.store.SpecStore;
import io.infrakit.spi.PluginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The backend against a cluster that requires TLS with client certificates and etcd's own user
 * authentication, configured the way an operator would (options map with PEM files).
 */
class EtcdTlsAuthTest {
    @TempDir
    Path dir;

    private void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(cmd + " failed: " + out);
        }
    }

    private void issue(String name, String ext) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), ext);
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", dir.resolve(name + "-key.pem").toString(), "-out", dir.resolve(name + ".csr").toString(),
                "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", dir.resolve(name + ".csr").toString(), "-CA", dir.resolve("ca.pem").toString(),
                "-CAkey", dir.resolve("ca-key.pem").toString(), "-CAcreateserial", "-days", "2",
                "-out", dir.resolve(name + ".pem").toString(), "-extfile", dir.resolve(name + ".ext").toString());
    }

    @Test
    void tlsWithClientCertificatesAndPasswordAuth() throws Exception {
        EtcdCluster.assumeInstalled();
        if (!Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            if ("1".equals(System.getProperty("infrakit.requireEngines"))) {
                throw new AssertionError("openssl is required to make test certificates (.ci/engines/etcd.sh installs it)");
            }
            org.junit.jupiter.api.Assumptions.abort("openssl not installed: skipping");
        }
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", dir.resolve("ca-key.pem").toString(), "-out", dir.resolve("ca.pem").toString(),
                "-subj", "/CN=etcd-test-ca", "-days", "2", "-addext", "basicConstraints=critical,CA:TRUE");
        issue("member", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
        issue("manager", "extendedKeyUsage=clientAuth\n");

        List<String> tls = List.of("--cert-file", dir.resolve("member.pem").toString(),
                "--key-file", dir.resolve("member-key.pem").toString(),
                "--trusted-ca-file", dir.resolve("ca.pem").toString(), "--client-cert-auth");
        try (EtcdCluster cluster = EtcdCluster.start(1, "https", tls)) {
            Map<String, String> options = new java.util.HashMap<>(Map.of(
                    "endpoints", cluster.endpointList(),
                    "ca", dir.resolve("ca.pem").toString(),
                    "cert", dir.resolve("manager.pem").toString(),
                    "key", dir.resolve("manager-key.pem").toString(),
                    "timeout", "5"));
            // Turn on etcd's own auth: a root user, and an 'infrakit' user whose password the manager uses.
            try (Client admin = EtcdBackend.client(EtcdConfig.fromOptions(options))) {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                        admin.getKVClient().get(ByteSequence.from("x", StandardCharsets.UTF_8)).get() != null);
                var auth = admin.getAuthClient();
                auth.userAdd(bytes("root"), bytes("root-password")).get();
                auth.userGrantRole(bytes("root"), bytes("root")).get();
                auth.userAdd(bytes("infrakit"), bytes("infrakit-password")).get();
                auth.userGrantRole(bytes("infrakit"), bytes("root")).get();
                auth.authEnable().get();
            }
            Files.writeString(dir.resolve("password"), "infrakit-password\n");
            Files.setPosixFilePermissions(dir.resolve("password"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            options.put("user", "infrakit");
            options.put("password-file", dir.resolve("password").toString());
            try (EtcdBackend backend = EtcdBackend.open(options)) {
                assertThat(backend.specStore().commit(EtcdSpecStoreTest.spec("secure", 2), SpecStore.NO_VERSION).version())
                        .isEqualTo(1);
                assertThat(backend.specStore().get("secure")).isPresent();
            }
            // Right certificate, wrong password: refused, nothing written.
            options.remove("password-file");
            options.put("password", "wrong");
            try (EtcdBackend backend = EtcdBackend.open(options)) {
                assertThatThrownBy(() -> backend.specStore().commit(EtcdSpecStoreTest.spec("evil", 1), SpecStore.ANY_VERSION))
                        .isInstanceOf(PluginException.class);
            }
            // No client certificate: the TLS handshake is refused.
            options.remove("user");
            options.remove("password");
            options.remove("cert");
            options.remove("key");
            options.put("timeout", "3");
            try (EtcdBackend backend = EtcdBackend.open(options)) {
                assertThatThrownBy(() -> backend.specStore().list()).isInstanceOf(PluginException.class);
            }
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}

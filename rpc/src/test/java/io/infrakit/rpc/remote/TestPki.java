package io.infrakit.rpc.remote;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Test certificates: a CA and certificates it signs, written as the PEM files the daemon and CLI
 * take. Made with openssl when it is installed (fast), else with the JDK's keytool (always there,
 * but one JVM start per step).
 */
final class TestPki {
    private static final String PASS = "test-pass";
    private final Path dir;
    private final String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    TestPki(Path dir) {
        this.dir = dir;
    }

    private static final boolean OPENSSL = Files.isExecutable(Path.of("/usr/bin/openssl"));

    /** A self-signed CA; writes NAME.pem (its certificate). */
    Path ca(String name) throws Exception {
        if (OPENSSL) {
            Path pem = dir.resolve(name + ".pem");
            run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", dir.resolve(name + ".cakey.pem").toString(), "-out", pem.toString(), "-subj", "/CN=" + name,
                    "-days", "2", "-addext", "basicConstraints=critical,CA:TRUE",
                    "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            return pem;
        }
        run(keytool, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "bc:c", "-validity", "2", "-keystore", store(name), "-storetype", "PKCS12", "-storepass", PASS);
        Path pem = dir.resolve(name + ".pem");
        run(keytool, "-exportcert", "-rfc", "-alias", name, "-keystore", store(name), "-storepass", PASS,
                "-file", pem.toString());
        return pem;
    }

    /** A certificate for NAME signed by CA; writes NAME.crt.pem and NAME.key.pem (PKCS#8). */
    Path[] issue(String ca, String name, String san, String usage) throws Exception {
        if (OPENSSL) {
            Path key = dir.resolve(name + ".key.pem");
            Path csr = dir.resolve(name + ".csr");
            Path crt = dir.resolve(name + ".crt.pem");
            Path ext = dir.resolve(name + ".ext");
            Files.writeString(ext, "extendedKeyUsage=" + usage + "\n"
                    + (san == null ? "" : "subjectAltName=" + san.replace("dns:", "DNS:").replace("ip:", "IP:") + "\n"));
            run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
            run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", dir.resolve(ca + ".pem").toString(),
                    "-CAkey", dir.resolve(ca + ".cakey.pem").toString(), "-CAcreateserial", "-out", crt.toString(),
                    "-days", "2", "-extfile", ext.toString());
            return new Path[]{crt, key};
        }
        run(keytool, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", store(name), "-storetype", "PKCS12", "-storepass", PASS);
        Path csr = dir.resolve(name + ".csr");
        run(keytool, "-certreq", "-alias", name, "-keystore", store(name), "-storepass", PASS, "-file", csr.toString());
        Path crt = dir.resolve(name + ".crt.pem");
        List<String> gencert = new ArrayList<>(List.of(keytool, "-gencert", "-rfc", "-alias", ca, "-keystore", store(ca),
                "-storepass", PASS, "-infile", csr.toString(), "-outfile", crt.toString(), "-validity", "2",
                "-ext", "EKU=" + usage));
        if (san != null) {
            gencert.addAll(List.of("-ext", "SAN=" + san));
        }
        run(gencert.toArray(String[]::new));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store(name))) {
            ks.load(in, PASS.toCharArray());
        }
        Key key = ks.getKey(name, PASS.toCharArray());
        Path keyPem = dir.resolve(name + ".key.pem");
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        // A private key is the owner's only, or it is refused (SecretFiles).
        Files.setPosixFilePermissions(keyPem, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return new Path[]{crt, keyPem};
    }

    private String store(String name) {
        return dir.resolve(name + ".p12").toString();
    }

    private void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}

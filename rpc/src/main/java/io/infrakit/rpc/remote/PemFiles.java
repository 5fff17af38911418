package io.infrakit.rpc.remote;

import io.infrakit.spi.PluginException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files people get from openssl, cfssl or etcd's docs (certificate chains, CA
 * bundles, PKCS#8 keys) into in-memory key stores, so no keytool step is needed.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");
    /** In-memory stores need a password; it protects nothing since the store never leaves memory. */
    static final char[] STORE_PASSWORD = "infrakit".toCharArray();

    private PemFiles() {
    }

    public static List<X509Certificate> certificates(Path file, String option) {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(file, option)) {
                if (b.type.equals("CERTIFICATE")) {
                    certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der)));
                }
            }
        } catch (GeneralSecurityException e) {
            throw bad(option, file, "it holds a certificate that cannot be read (" + e.getMessage() + ")");
        }
        if (certs.isEmpty()) {
            throw bad(option, file, "it holds no '-----BEGIN CERTIFICATE-----' block");
        }
        return certs;
    }

    public static PrivateKey privateKey(Path file, String option) {
        for (Block b : blocks(file, option)) {
            if (b.type.endsWith("PRIVATE KEY")) {
                // It holds a key: a key others can read is no longer private (StrictModes).
                io.infrakit.rpc.SecretFiles.requirePrivate(file, "TLS key (" + option + ")");
            }
            if (b.type.equals("PRIVATE KEY")) {
                for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(b.der));
                    } catch (GeneralSecurityException e) {
                        // try the next algorithm
                    }
                }
                throw bad(option, file, "its key is neither EC, RSA nor Ed25519");
            }
            if (b.type.endsWith("PRIVATE KEY")) {
                throw bad(option, file, "the key is in '" + b.type + "' form; convert it to PKCS#8 with "
                        + "`openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem`");
            }
        }
        throw bad(option, file, "it holds no '-----BEGIN PRIVATE KEY-----' block");
    }

    /** A key store holding one key entry: the key and its certificate chain. */
    public static KeyStore keyStore(Path certFile, Path keyFile) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("infrakit", privateKey(keyFile, "key"),
                    STORE_PASSWORD, certificates(certFile, "cert").toArray(Certificate[]::new));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new PluginException("cannot combine certificate " + certFile + " with key " + keyFile + ": "
                    + e.getMessage() + " (is the key the one the certificate was issued for?)", e);
        }
    }

    /** A trust store holding every certificate of a CA bundle. */
    public static KeyStore trustStore(Path caFile) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : certificates(caFile, "ca")) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new PluginException("cannot load CA bundle " + caFile + ": " + e.getMessage(), e);
        }
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(Path file, String option) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw bad(option, file, "it cannot be read (" + e.getMessage() + ")");
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw bad(option, file, "a '" + m.group(1) + "' block is not valid base64");
            }
        }
        return blocks;
    }

    private static PluginException bad(String option, Path file, String why) {
        return new PluginException("TLS option '" + option + "' = '" + file + "' is not usable: " + why
                + "; give a PEM file");
    }
}

package io.infrakit.core.manager.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.group.GroupSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * The format of one stored version, {@code <version>.json}: {@code Version}, {@code CommittedAt},
 * {@code Sha256} and {@code Spec}. The checksum is of the file's own bytes with the checksum's 64
 * digits written as zeros, so a truncated, torn or edited file is found out instead of being
 * trusted (bytes, not a re-encoding: a number re-encoded may be spelled differently). The version is the file's name; the
 * {@code Version} inside must agree (a file that claims another version lies, and is damaged).
 * Files written before the checksum existed have none and are read as they are.
 */
public final class VersionFiles {

    static final String SUFFIX = ".json";
    /** A stored version is at most a 1 MiB spec plus its framing; anything much larger was not written by us. */
    static final long MAX_BYTES = 4L << 20;

    private static final ObjectMapper COMPACT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    /** Why a stored file cannot be trusted. */
    public static final class DamagedFileException extends Exception {
        DamagedFileException(String reason) {
            super(reason);
        }
    }

    private VersionFiles() {
    }

    static String fileName(long version) {
        return String.format("%010d%s", version, SUFFIX);
    }

    /** The version a file name stands for, or -1 when it is not a version file's name. */
    static long versionOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX) || name.startsWith(".")) {
            return -1;
        }
        String digits = name.substring(0, name.length() - SUFFIX.length());
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    /** The bytes of one version, checksum included (the etcd store keeps the same bytes as a value). */
    public static byte[] encode(StoredSpec stored) throws IOException {
        ObjectNode file = COMPACT.createObjectNode();
        file.put("Version", stored.version());
        file.put("CommittedAt", stored.committedAt().toString());
        file.put("Sha256", ZEROS);
        file.set("Spec", COMPACT.valueToTree(stored.spec()));
        byte[] bytes = PRETTY.writeValueAsBytes(file);
        String sum = sha256(bytes);
        int at = indexOf(bytes, ZEROS.getBytes(StandardCharsets.US_ASCII));
        System.arraycopy(sum.getBytes(StandardCharsets.US_ASCII), 0, bytes, at, sum.length());
        return bytes;
    }

    /**
     * Reads and checks one version file of group {@code groupId}.
     *
     * @throws DamagedFileException naming what is wrong, in words for the user
     */
    static StoredSpec decode(Path file, String groupId) throws DamagedFileException, IOException {
        long version = versionOf(file);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new DamagedFileException("it is not a regular file");
        }
        long size = Files.size(file);
        if (size == 0) {
            throw new DamagedFileException("it is empty (truncated)");
        }
        if (size > MAX_BYTES) {
            throw new DamagedFileException("it is " + size + " bytes, more than any spec we store (" + MAX_BYTES + ")");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_BYTES);
        }
        return decode(bytes, groupId, version);
    }

    /**
     * Checks and reads the bytes of version {@code version} of group {@code groupId}, wherever they were kept.
     *
     * @throws DamagedFileException naming what is wrong, in words for the user
     */
    public static StoredSpec decode(byte[] bytes, String groupId, long version) throws DamagedFileException, IOException {
        if (bytes.length == 0) {
            throw new DamagedFileException("it is empty (truncated)");
        }
        JsonNode root;
        try {
            root = COMPACT.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DamagedFileException("it is not complete JSON (truncated or overwritten) at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()));
        }
        if (root == null || !root.isObject()) {
            throw new DamagedFileException("it is not a JSON object");
        }
        JsonNode v = root.get("Version");
        if (v == null || !v.isIntegralNumber()) {
            throw new DamagedFileException("it has no integer Version");
        }
        if (v.asLong() != version) {
            throw new DamagedFileException("it says Version " + v.asText() + " but its name says " + version
                    + " (edited or copied by hand?)");
        }
        JsonNode at = root.get("CommittedAt");
        Instant committedAt;
        try {
            committedAt = Instant.parse(at == null ? "" : at.asText());
        } catch (DateTimeParseException e) {
            throw new DamagedFileException("its CommittedAt is not a time");
        }
        JsonNode spec = root.get("Spec");
        if (spec == null || !spec.isObject()) {
            throw new DamagedFileException("it has no Spec");
        }
        JsonNode id = spec.get("ID");
        if (id == null || !id.isTextual()) {
            throw new DamagedFileException("its Spec has no ID");
        }
        if (!id.asText().equals(groupId)) {
            throw new DamagedFileException("it holds group '" + id.asText() + "' but its folder is group '" + groupId
                    + "' (a copied or renamed folder?)");
        }
        JsonNode sum = root.get("Sha256");
        if (sum != null && !matches(bytes, sum.asText())) {
            throw new DamagedFileException("its checksum does not match its content (changed after it was written)");
        }
        return new StoredSpec(COMPACT.treeToValue(spec, GroupSpec.class), version, committedAt);
    }

    private static final String ZEROS = "0".repeat(64);

    /** Whether {@code bytes}, with {@code sum} written as zeros, have that SHA-256. */
    private static boolean matches(byte[] bytes, String sum) {
        if (sum.length() != 64) {
            return false;
        }
        byte[] copy = bytes.clone();
        int at = indexOf(copy, sum.getBytes(StandardCharsets.US_ASCII));
        if (at < 0) {
            return false;
        }
        System.arraycopy(ZEROS.getBytes(StandardCharsets.US_ASCII), 0, copy, at, 64);
        return sha256(copy).equals(sum);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

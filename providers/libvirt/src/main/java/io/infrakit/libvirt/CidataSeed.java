package io.infrakit.libvirt;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A NoCloud seed for cloud-init (and for anything that mounts the disk labelled {@code cidata}):
 * {@code user-data} is the instance's Init script, {@code meta-data} names the instance.
 */
public record CidataSeed(String instanceId, String hostname, String userData) {

    public static final String LABEL = "cidata";

    public String metaData() {
        // YAML; both values are plain names we generate or validated logical IDs, quoted anyway.
        return "instance-id: " + yamlQuote(instanceId) + "\nlocal-hostname: " + yamlQuote(hostname) + "\n";
    }

    public byte[] toIso(Instant now) {
        return new Iso9660Writer(LABEL, now)
                .add("meta-data", metaData().getBytes(StandardCharsets.UTF_8))
                .add("user-data", userData.getBytes(StandardCharsets.UTF_8))
                .toBytes();
    }

    private static String yamlQuote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}

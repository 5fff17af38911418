package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.infrakit.spi.instance.InstanceSpec;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test specs: the repository's examples, read as the CLI reads them. */
final class Specs {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Specs() {
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("examples/libvirt/instance.yml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("examples/libvirt/instance.yml not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** examples/libvirt/instance.yml: the seeds/000 spec with paths adapted. */
    static InstanceSpec seedExample() throws Exception {
        return YAML.readValue(repoRoot().resolve("examples/libvirt/instance.yml").toFile(), InstanceSpec.class);
    }

    /** A minimal domain for libvirt's test driver. */
    static ObjectNode testDriverProperties() throws Exception {
        return (ObjectNode) YAML.readTree("""
                MetadataStoragePool: default-pool
                Domain:
                  Type: test
                  Memory: {Unit: MiB, Value: 64}
                  VCPU: {Value: 1}
                  OS:
                    Type: {Arch: x86_64, Type: hvm}
                  Devices:
                    Serials: [{Type: pty}]
                    Channels:
                    - Type: unix
                      Target: {Type: virtio, Name: org.qemu.guest_agent.0}
                """);
    }

    static JsonNode yaml(String text) throws Exception {
        return YAML.readTree(text);
    }
}

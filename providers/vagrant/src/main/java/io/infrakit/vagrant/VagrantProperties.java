package io.infrakit.vagrant;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The {@code Properties} of a group's Instance section for plugin {@code vagrant}: what one
 * Vagrant environment runs. {@code Box} for a virtual machine, or {@code Image} for Vagrant's
 * Docker provider. Bound strictly by {@link PropertiesReader}: an unknown field is refused.
 */
public record VagrantProperties(
        @JsonProperty("Box") String box,
        @JsonProperty("Image") String image,
        @JsonProperty("Provider") String provider,
        @JsonProperty("CPUs") Integer cpus,
        @JsonProperty("Memory") Integer memory,
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Networks") List<Network> networks,
        @JsonProperty("SyncedFolders") List<SyncedFolder> syncedFolders,
        @JsonProperty("Tags") Map<String, String> tags) {

    public static final String DOCKER = "docker";

    public VagrantProperties {
        networks = networks == null ? List.of() : List.copyOf(networks);
        syncedFolders = syncedFolders == null ? List.of() : List.copyOf(syncedFolders);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** The provider {@code vagrant up} is asked for: the given one, docker for an Image, else Vagrant's default (null). */
    public String effectiveProvider() {
        if (provider != null && !provider.isBlank()) {
            return provider;
        }
        return image != null ? DOCKER : null;
    }

    public boolean docker() {
        return DOCKER.equals(effectiveProvider());
    }

    /** One {@code config.vm.network}: a private network (an IP, or DHCP without one), a public (bridged) one, or a forwarded port. */
    public record Network(
            @JsonProperty("Type") String type,
            @JsonProperty("IP") String ip,
            @JsonProperty("Bridge") String bridge,
            @JsonProperty("Guest") Integer guest,
            @JsonProperty("Host") Integer host) {
    }

    /** A folder of the host shared into the guest ({@code config.vm.synced_folder}). */
    public record SyncedFolder(
            @JsonProperty("Host") String host,
            @JsonProperty("Guest") String guest) {
    }
}

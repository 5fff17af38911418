package io.infrakit.gcp;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The {@code Properties} of a group's Instance section for plugin {@code gcp}: what
 * instances.insert creates. Bound strictly: an unknown field is refused.
 */
public record GcpProperties(
        @JsonProperty("MachineType") String machineType,
        @JsonProperty("Image") String image,
        @JsonProperty("DiskSizeGb") Integer diskSizeGb,
        @JsonProperty("DiskType") String diskType,
        @JsonProperty("Network") String network,
        @JsonProperty("Subnetwork") String subnetwork,
        @JsonProperty("ExternalIp") Boolean externalIp,
        @JsonProperty("ServiceAccount") String serviceAccount,
        @JsonProperty("Scopes") List<String> scopes,
        @JsonProperty("NetworkTags") List<String> networkTags,
        @JsonProperty("NamePrefix") String namePrefix,
        @JsonProperty("Tags") Map<String, String> tags) {

    public GcpProperties {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        networkTags = networkTags == null ? List.of() : List.copyOf(networkTags);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}

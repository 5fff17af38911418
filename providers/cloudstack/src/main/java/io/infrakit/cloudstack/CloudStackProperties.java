package io.infrakit.cloudstack;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The {@code Properties} of a group's Instance section for plugin {@code cloudstack}. Zone,
 * ServiceOffering and Template take a name or a UUID. Bound strictly: an unknown field is refused.
 */
public record CloudStackProperties(
        @JsonProperty("Zone") String zone,
        @JsonProperty("ServiceOffering") String serviceOffering,
        @JsonProperty("Template") String template,
        @JsonProperty("Networks") List<String> networks,
        @JsonProperty("SecurityGroups") List<String> securityGroups,
        @JsonProperty("KeyPair") String keyPair,
        @JsonProperty("Tags") Map<String, String> tags) {

    public CloudStackProperties {
        networks = networks == null ? List.of() : List.copyOf(networks);
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}

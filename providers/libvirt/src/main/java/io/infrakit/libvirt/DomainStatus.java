package io.infrakit.libvirt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** What {@code DescribeInstances(Properties: true)} reports for one domain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"Name", "UUID", "Type", "State", "MemoryKiB", "VCPU", "Volumes", "ConsoleLogs"})
public record DomainStatus(
        @JsonProperty("Name") String name,
        @JsonProperty("UUID") String uuid,
        @JsonProperty("Type") String type,
        @JsonProperty("State") String state,
        @JsonProperty("MemoryKiB") Long memoryKiB,
        @JsonProperty("VCPU") Integer vcpu,
        @JsonProperty("Volumes") List<InstanceMetadata.VolumeRef> volumes,
        @JsonProperty("ConsoleLogs") List<String> consoleLogs) {
}

package io.infrakit.aws;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The {@code Properties} of a group's Instance section for plugin {@code aws}: what RunInstances
 * launches. Bound strictly: an unknown field is refused.
 */
public record AwsProperties(
        @JsonProperty("ImageId") String imageId,
        @JsonProperty("InstanceType") String instanceType,
        @JsonProperty("SubnetId") String subnetId,
        @JsonProperty("SecurityGroupIds") List<String> securityGroupIds,
        @JsonProperty("KeyName") String keyName,
        @JsonProperty("IamInstanceProfile") String iamInstanceProfile,
        @JsonProperty("BlockDevices") List<BlockDevice> blockDevices,
        @JsonProperty("Tags") Map<String, String> tags) {

    public AwsProperties {
        securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
        blockDevices = blockDevices == null ? List.of() : List.copyOf(blockDevices);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** One EBS volume of {@code BlockDevices}. */
    public record BlockDevice(
            @JsonProperty("DeviceName") String deviceName,
            @JsonProperty("VolumeSize") Integer volumeSize,
            @JsonProperty("VolumeType") String volumeType,
            @JsonProperty("DeleteOnTermination") Boolean deleteOnTermination,
            @JsonProperty("Encrypted") Boolean encrypted) {
    }
}

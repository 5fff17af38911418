package io.infrakit.aws;

import io.infrakit.spi.schema.Field;
import io.infrakit.spi.schema.RecordSchema;
import io.infrakit.spi.schema.RecordSchema.Doc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code infrakit explain aws} shows: derived from {@link AwsProperties}, which Validate binds. */
public final class AwsSchema {

    static final Map<String, Doc> DOCS;

    static {
        Map<String, Doc> d = new LinkedHashMap<>();
        d.put("ImageId", Doc.required("The AMI to launch, e.g. ami-0abcdef1234567890 (it must exist in the region)."));
        d.put("InstanceType", Doc.required("The instance type, e.g. t3.micro."));
        d.put("SubnetId", Doc.of("The subnet to launch in (subnet-...); the default VPC's when absent."));
        d.put("SecurityGroupIds", Doc.of("IDs of security groups (sg-...); the VPC's default group when empty."));
        d.put("KeyName", Doc.of("Name of an EC2 key pair for SSH."));
        d.put("IamInstanceProfile", Doc.of("An IAM instance profile, by name or by ARN (arn:aws:iam::...:instance-profile/...)."));
        d.put("BlockDevices", Doc.of("EBS volumes: the root device's size and type, or more volumes."));
        d.put("BlockDevices.DeviceName", Doc.required("The device, e.g. /dev/xvda (the root device of most Linux AMIs) or /dev/sdf."));
        d.put("BlockDevices.VolumeSize", Doc.of("Size in GiB, 1 to 16384."));
        d.put("BlockDevices.VolumeType", Doc.withDefault("gp3", "gp2, gp3, io1, io2, st1, sc1 or standard."));
        d.put("BlockDevices.DeleteOnTermination", Doc.withDefault("true", "Whether the volume goes with the instance."));
        d.put("BlockDevices.Encrypted", Doc.of("Whether the volume is encrypted (with the account's default key)."));
        d.put("Tags", Doc.of("Extra tags put on every instance (and its volumes) at launch, besides the group controller's."));
        DOCS = Collections.unmodifiableMap(d);
    }

    private AwsSchema() {
    }

    public static Field tree() {
        return RecordSchema.of("aws", AwsProperties.class,
                Doc.required("Instance Properties of plugin aws (a group's Instance section): what RunInstances launches."
                        + " The flavor's Init becomes the instance's user data (at most " + AwsValidation.MAX_USER_DATA_BYTES + " bytes before base64)."),
                DOCS);
    }
}

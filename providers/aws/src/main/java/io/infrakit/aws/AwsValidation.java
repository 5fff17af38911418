package io.infrakit.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.infrakit.spi.PluginException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validate's offline checks of {@link AwsProperties}: the shapes EC2 accepts, each refusal naming
 * the field, the value and the fix. Whether the AMI or the subnet exists is EC2's to say, at
 * Provision (a missing AMI is reported naming {@code Properties.ImageId}).
 */
final class AwsValidation {

    /** EC2 takes at most 16 KB of user data, counted before base64. */
    static final int MAX_USER_DATA_BYTES = 16384;
    static final Set<String> VOLUME_TYPES = Set.of("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard");

    private static final Pattern AMI = Pattern.compile("ami-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
    private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern PROFILE_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern PROFILE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:instance-profile/[\\w+=,.@/-]{1,128}");
    private static final Pattern DEVICE = Pattern.compile("/dev/(sd[a-z]\\d*|xvd[a-z]+\\d*|nvme\\d+n\\d+)|xvd[a-z]+");

    private final ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    AwsProperties read(JsonNode properties) {
        if (properties == null || properties.isNull() || properties.isMissingNode()) {
            throw new PluginException("aws: Properties are missing; give at least ImageId and InstanceType (see `infrakit explain aws`)");
        }
        if (!properties.isObject()) {
            throw new PluginException("aws: Properties must be an object with ImageId and InstanceType, not " + properties.getNodeType());
        }
        AwsProperties p;
        try {
            p = strict.treeToValue(properties, AwsProperties.class);
        } catch (UnrecognizedPropertyException e) {
            throw new PluginException("aws: unknown field Properties." + path(e) + "; known fields: " + String.join(", ", AwsSchema.DOCS.keySet()));
        } catch (JsonMappingException e) {
            throw new PluginException("aws: Properties." + path(e) + " has the wrong type; see `infrakit explain aws`");
        } catch (JsonProcessingException e) {
            throw new PluginException("aws: Properties could not be read; see `infrakit explain aws`");
        }
        matches("ImageId", p.imageId(), AMI, "an AMI ID like ami-0abcdef1234567890");
        matches("InstanceType", p.instanceType(), INSTANCE_TYPE, "an instance type like t3.micro");
        if (p.subnetId() != null) {
            matches("SubnetId", p.subnetId(), SUBNET, "a subnet ID like subnet-0abc1234, or leave it out");
        }
        for (int i = 0; i < p.securityGroupIds().size(); i++) {
            matches("SecurityGroupIds[" + i + "]", p.securityGroupIds().get(i), SECURITY_GROUP, "a security group ID like sg-0abc1234 (IDs, not names)");
        }
        if (p.keyName() != null && (p.keyName().isBlank() || p.keyName().length() > 255)) {
            throw new PluginException("aws: Properties.KeyName '" + p.keyName() + "' is not a key pair name; name one of the region's key pairs or leave it out");
        }
        String profile = p.iamInstanceProfile();
        if (profile != null && !PROFILE_NAME.matcher(profile).matches() && !PROFILE_ARN.matcher(profile).matches()) {
            throw new PluginException("aws: Properties.IamInstanceProfile '" + profile
                    + "' is neither an instance profile name nor its ARN (arn:aws:iam::123456789012:instance-profile/NAME)");
        }
        for (int i = 0; i < p.blockDevices().size(); i++) {
            blockDevice("BlockDevices[" + i + "]", p.blockDevices().get(i));
        }
        tags("Properties.Tags", p.tags());
        return p;
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "?" : out.toString();
    }

    private static void matches(String field, String value, Pattern p, String what) {
        if (value == null || value.isBlank()) {
            throw new PluginException("aws: Properties." + field + " is required: " + what);
        }
        if (!p.matcher(value).matches()) {
            throw new PluginException("aws: Properties." + field + " '" + value + "' is not " + what);
        }
    }

    private static void blockDevice(String field, AwsProperties.BlockDevice d) {
        if (d == null) {
            throw new PluginException("aws: Properties." + field + " is empty; give at least DeviceName");
        }
        if (d.deviceName() == null || !DEVICE.matcher(d.deviceName()).matches()) {
            throw new PluginException("aws: Properties." + field + ".DeviceName '" + d.deviceName() + "' is not a device name like /dev/xvda or /dev/sdf");
        }
        if (d.volumeSize() != null && (d.volumeSize() < 1 || d.volumeSize() > 16384)) {
            throw new PluginException("aws: Properties." + field + ".VolumeSize " + d.volumeSize() + " must be from 1 to 16384 (GiB)");
        }
        if (d.volumeType() != null && !VOLUME_TYPES.contains(d.volumeType())) {
            throw new PluginException("aws: Properties." + field + ".VolumeType '" + d.volumeType() + "' is not one of "
                    + String.join(", ", new java.util.TreeSet<>(VOLUME_TYPES)));
        }
    }

    /** EC2's tag rules: keys up to 128 characters, values up to 256, and no key starting with aws: (AWS's own). */
    static void tags(String field, Map<String, String> tags) {
        for (Map.Entry<String, String> e : tags.entrySet()) {
            String k = e.getKey();
            if (k == null || k.isEmpty() || k.length() > 128) {
                throw new PluginException("aws: " + field + " has a key of " + (k == null ? 0 : k.length()) + " characters; EC2 tag keys have 1 to 128");
            }
            if (k.regionMatches(true, 0, "aws:", 0, 4)) {
                throw new PluginException("aws: " + field + " key '" + k + "' starts with aws:, which EC2 keeps for AWS's own tags; rename it");
            }
            if (e.getValue() != null && e.getValue().length() > 256) {
                throw new PluginException("aws: " + field + " '" + k + "' has a value of " + e.getValue().length() + " characters; EC2 tag values have at most 256");
            }
        }
    }

    /** The Init as base64 user data, or null when empty; refused above EC2's 16 KB before anything is launched. */
    static String userData(String init) {
        if (init == null || init.isEmpty()) {
            return null;
        }
        byte[] raw = init.getBytes(StandardCharsets.UTF_8);
        if (raw.length > MAX_USER_DATA_BYTES) {
            throw new PluginException("aws: the Init (user data) is " + raw.length + " bytes, over EC2's limit of " + MAX_USER_DATA_BYTES
                    + "; shorten the flavor's Init, e.g. make it download a script");
        }
        return Base64.getEncoder().encodeToString(raw);
    }
}

package io.infrakit.aws;

import io.infrakit.spi.PluginException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Set;

/**
 * EC2's error codes worded for people: what was refused, and what to check. The SDK's own
 * exception text (service, status code, request ID) never reaches the user.
 */
final class Ec2Errors {

    static final Set<String> AUTH = Set.of("AuthFailure", "UnauthorizedOperation", "SignatureDoesNotMatch", "InvalidClientTokenId",
            "IncompleteSignature", "MissingAuthenticationToken", "ExpiredToken", "RequestExpired", "OptInRequired", "Blocked");
    static final Set<String> QUOTA = Set.of("InstanceLimitExceeded", "VcpuLimitExceeded", "InsufficientInstanceCapacity",
            "MaxSpotInstanceCountExceeded", "InsufficientFreeAddressesInSubnet", "VolumeLimitExceeded");

    private Ec2Errors() {
    }

    static boolean throttled(SdkException e) {
        if (e instanceof AwsServiceException s) {
            String code = s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode();
            return s.isThrottlingException() || "RequestLimitExceeded".equals(code);
        }
        return false;
    }

    static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
    }

    private static String text(AwsServiceException e) {
        String m = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return m == null || m.isBlank() ? "(no message)" : m;
    }

    /** The failure of {@code action} as a PluginException for people. */
    static PluginException explain(String action, SdkException e, AwsProperties p, String where) {
        if (e instanceof AwsServiceException s) {
            String code = code(s);
            String base = "aws " + action + " failed: " + code + ": " + text(s);
            // EC2 answers AuthFailure with HTTP 401, and the JDK's HttpURLConnection drops the body of a 401
            // to a streamed POST: the status alone then says that the keys or the signature were refused.
            if (AUTH.contains(code) || s.statusCode() == 401 || (s.statusCode() == 403 && s.awsErrorDetails() == null)) {
                return new PluginException(base + " (the credentials were refused or may not do " + action
                        + "; the plugin takes them from the AWS SDK's default chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,"
                        + " AWS_PROFILE or the profile option, ~/.aws/credentials, the instance's role; check them and their IAM policy)");
            }
            if (QUOTA.contains(code)) {
                return new PluginException(base + " (a limit of the account or of the zone was reached in " + where
                        + ": ask AWS for a higher quota, choose another InstanceType or SubnetId, or make the group smaller)");
            }
            if (throttled(e)) {
                return new PluginException(base + " (EC2 kept throttling the calls for longer than the throttle-timeout option allows;"
                        + " fewer calls, a larger page-size or a longer throttle-timeout help)");
            }
            if (p != null && code.startsWith("InvalidAMIID")) {
                return new PluginException("aws " + action + " failed: Properties.ImageId '" + p.imageId() + "' " + amiProblem(code)
                        + " in " + where + " (" + code + "); AMIs belong to one region: copy it or use that region's AMI ID");
            }
            if (p != null && code.startsWith("InvalidSubnetID")) {
                return new PluginException("aws " + action + " failed: Properties.SubnetId '" + p.subnetId() + "' does not exist in " + where + " (" + code + ")");
            }
            if (p != null && (code.startsWith("InvalidGroup") || code.startsWith("InvalidSecurityGroupID"))) {
                return new PluginException("aws " + action + " failed: Properties.SecurityGroupIds " + p.securityGroupIds()
                        + " names a group that does not exist in " + where + " or in the subnet's VPC (" + code + ": " + text(s) + ")");
            }
            if (p != null && code.startsWith("InvalidKeyPair")) {
                return new PluginException("aws " + action + " failed: Properties.KeyName '" + p.keyName() + "' is no key pair of " + where + " (" + code + ")");
            }
            return new PluginException(base);
        }
        if (e instanceof SdkClientException) {
            return new PluginException("aws " + action + ": cannot reach EC2 in " + where + " (" + firstLine(e.getMessage())
                    + "); check the region and endpoint options and the network");
        }
        return new PluginException("aws " + action + " failed: " + firstLine(e.getMessage()));
    }

    private static String amiProblem(String code) {
        return switch (code) {
            case "InvalidAMIID.Malformed" -> "is malformed";
            case "InvalidAMIID.Unavailable" -> "is no longer available";
            default -> "does not exist";
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

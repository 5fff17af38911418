package io.infrakit.aws;

import io.infrakit.spi.plugin.OptionValues;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the plugin talks to EC2: {@code --opt aws.KEY=VALUE} (see {@link #DESCRIPTIONS}). Credentials
 * are not options: they come from the AWS SDK's default chain (environment, system properties,
 * {@code ~/.aws}, the instance's role), optionally from a named profile.
 *
 * @param region          the region; null means the SDK's default region chain ($AWS_REGION, the profile)
 * @param endpoint        an endpoint that replaces EC2's (a VPC endpoint, or a test's fake); null for EC2's own
 * @param profile         a profile of ~/.aws/credentials and ~/.aws/config; null for the default chain
 * @param pageSize        MaxResults of each DescribeInstances page (5..1000)
 * @param maxAttempts     attempts of one call by the SDK's retry strategy (1 = no retry)
 * @param throttleTimeout how long a throttled call is tried again with our own backoff after the SDK's attempts
 * @param requestTimeout  timeout of one HTTP request
 */
public record AwsOptions(String region, URI endpoint, String profile, int pageSize, int maxAttempts,
                         Duration throttleTimeout, Duration requestTimeout) {

    public static final String REGION = "region";
    public static final String ENDPOINT = "endpoint";
    public static final String PROFILE = "profile";
    public static final String PAGE_SIZE = "page-size";
    public static final String MAX_ATTEMPTS = "max-attempts";
    public static final String THROTTLE_TIMEOUT = "throttle-timeout";
    public static final String REQUEST_TIMEOUT = "request-timeout";

    public static final Map<String, String> DESCRIPTIONS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(REGION, "the region, e.g. us-east-1 (default: the SDK's chain, $AWS_REGION or the profile's region)");
        d.put(ENDPOINT, "an http(s) URL replacing EC2's endpoint, e.g. a VPC endpoint (default: EC2's own for the region)");
        d.put(PROFILE, "a profile of ~/.aws/credentials and ~/.aws/config (default: the SDK's default credentials chain)");
        d.put(PAGE_SIZE, "integer 5..1000 (default 500): MaxResults of each DescribeInstances page");
        d.put(MAX_ATTEMPTS, "integer 1..10 (default 3): attempts of one call by the SDK's standard retry strategy");
        d.put(THROTTLE_TIMEOUT, "duration (default 2m): how long a throttled call is tried again, with a doubling pause up to 5s, after the SDK's attempts");
        d.put(REQUEST_TIMEOUT, "duration (default 30s): timeout of one HTTP request");
        DESCRIPTIONS = Collections.unmodifiableMap(d);
    }

    /** Defaults for a region and an endpoint (what tests and Java callers start from). */
    public static AwsOptions of(String region, URI endpoint) {
        return new AwsOptions(region, endpoint, null, 500, 3, Duration.ofMinutes(2), Duration.ofSeconds(30));
    }

    public AwsOptions withPageSize(int n) {
        return new AwsOptions(region, endpoint, profile, n, maxAttempts, throttleTimeout, requestTimeout);
    }

    public AwsOptions withMaxAttempts(int n) {
        return new AwsOptions(region, endpoint, profile, pageSize, n, throttleTimeout, requestTimeout);
    }

    public AwsOptions withThrottleTimeout(Duration d) {
        return new AwsOptions(region, endpoint, profile, pageSize, maxAttempts, d, requestTimeout);
    }

    /** Reads the plugin's options; unknown keys and bad values are refused naming the option and the fix. */
    public static AwsOptions parse(Map<String, String> options) {
        OptionValues values = new OptionValues("aws", options, "500ms, 30s or 2m", "30s");
        values.refuseUnknown(DESCRIPTIONS.keySet());
        String region = options.get(REGION);
        if (region != null && !region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw new IllegalArgumentException("aws option region='" + region + "' is not a region name; write it like us-east-1 or eu-west-3");
        }
        URI endpoint = null;
        String url = options.get(ENDPOINT);
        if (url != null) {
            try {
                endpoint = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                endpoint = null;
            }
            if (endpoint == null || endpoint.getHost() == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException("aws option endpoint='" + url + "' is not an http(s) URL; write it like https://ec2.us-east-1.amazonaws.com");
            }
        }
        String profile = options.get(PROFILE);
        if (profile != null && profile.isBlank()) {
            throw new IllegalArgumentException("aws option profile is empty; name a profile of ~/.aws/credentials or leave the option out");
        }
        AwsOptions d = of(region, endpoint);
        return new AwsOptions(region, endpoint, profile,
                values.integer(PAGE_SIZE, d.pageSize(), 5, 1000),
                values.integer(MAX_ATTEMPTS, d.maxAttempts(), 1, 10),
                values.duration(THROTTLE_TIMEOUT, d.throttleTimeout()),
                values.duration(REQUEST_TIMEOUT, d.requestTimeout()));
    }
}

package io.infrakit.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Builds the SDK's EC2 client from the options: the JDK's HttpURLConnection as transport, the
 * SDK's standard retry strategy with {@code max-attempts}, credentials from the default chain
 * (or a profile), the region from the option or the SDK's region chain. Only {@code start} of
 * the plugin kind comes here, so the SDK is loaded by nothing else.
 */
final class Ec2Clients {

    private Ec2Clients() {
    }

    static Region region(AwsOptions options) {
        if (options.region() != null) {
            return Region.of(options.region());
        }
        try {
            return options.profile() == null ? new DefaultAwsRegionProviderChain().getRegion()
                    : DefaultAwsRegionProviderChain.builder().profileName(options.profile()).build().getRegion();
        } catch (SdkClientException e) {
            throw new IllegalArgumentException("no AWS region: give --opt aws.region=us-east-1, set AWS_REGION, or give the profile a region in ~/.aws/config");
        }
    }

    static AwsCredentialsProvider credentials(AwsOptions options) {
        return options.profile() == null ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(options.profile()).build();
    }

    static Ec2Client build(AwsOptions options, Region region, AwsCredentialsProvider credentials) {
        var builder = Ec2Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(options.requestTimeout())
                        .socketTimeout(options.requestTimeout()))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(options.maxAttempts()).build()));
        if (options.endpoint() != null) {
            builder.endpointOverride(options.endpoint());
        }
        return builder.build();
    }

    /** The plugin as {@code plugin start aws} runs it. */
    static AwsInstancePlugin plugin(AwsOptions options) {
        Region region = region(options);
        return new AwsInstancePlugin(options, build(options, region, credentials(options)), region.id());
    }
}

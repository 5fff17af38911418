package io.infrakit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Instance plugin for EC2 instances, on the AWS SDK for Java 2.x. Provision is one RunInstances
 * with our tags as tag specifications (an instance is never untagged, so never invisible to its
 * group) and a client token (a repeated call launches nothing twice); DescribeInstances is one
 * paged, tag-filtered listing for the whole group; Label is CreateTags; Destroy is
 * TerminateInstances.
 */
public final class AwsInstancePlugin implements InstancePlugin, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AwsInstancePlugin.class);
    /** Instances that still exist for a group: shutting-down and terminated ones are gone. */
    static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private final AwsOptions options;
    private final Ec2Client ec2;
    private final String where;
    private final Throttled throttled;
    private final AwsValidation validation = new AwsValidation();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param where the region, for messages
     */
    public AwsInstancePlugin(AwsOptions options, Ec2Client ec2, String where) {
        this.options = options;
        this.ec2 = ec2;
        this.where = where;
        this.throttled = new Throttled(options.throttleTimeout());
    }

    @Override
    public void validate(JsonNode properties) {
        validation.read(properties);
    }

    @Override
    public String provision(InstanceSpec spec) {
        AwsProperties p = validation.read(spec.properties());
        String userData = AwsValidation.userData(spec.init());
        Map<String, String> tags = new TreeMap<>(p.tags());
        if (spec.tags() != null) {
            tags.putAll(spec.tags());
        }
        String logical = spec.logicalId();
        if (logical != null && !logical.isBlank()) {
            tags.put(Tags.LOGICAL_ID, logical);
            tags.putIfAbsent("Name", logical);
        }
        AwsValidation.tags("the instance's tags", tags);

        List<Tag> ec2Tags = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        RunInstancesRequest.Builder run = RunInstancesRequest.builder()
                .imageId(p.imageId())
                .instanceType(p.instanceType())
                .minCount(1).maxCount(1)
                // One token per Provision, kept across every retry (the SDK's and ours): EC2 answers a
                // repeated request with the instance it already launched, so throttling never duplicates.
                .clientToken(UUID.randomUUID().toString())
                .tagSpecifications(
                        TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(ec2Tags).build(),
                        TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(ec2Tags).build());
        if (p.subnetId() != null) {
            run.subnetId(p.subnetId());
            if (logical != null && IPV4.matcher(logical).matches()) {
                run.privateIpAddress(logical); // InfraKit's pets by address: the LogicalID is the private IP
            }
        }
        if (!p.securityGroupIds().isEmpty()) {
            run.securityGroupIds(p.securityGroupIds());
        }
        if (p.keyName() != null) {
            run.keyName(p.keyName());
        }
        if (p.iamInstanceProfile() != null) {
            run.iamInstanceProfile(p.iamInstanceProfile().startsWith("arn:")
                    ? IamInstanceProfileSpecification.builder().arn(p.iamInstanceProfile()).build()
                    : IamInstanceProfileSpecification.builder().name(p.iamInstanceProfile()).build());
        }
        if (!p.blockDevices().isEmpty()) {
            run.blockDeviceMappings(p.blockDevices().stream().map(AwsInstancePlugin::mapping).toList());
        }
        if (userData != null) {
            run.userData(userData);
        }
        RunInstancesRequest request = run.build();
        RunInstancesResponse answer;
        try {
            answer = throttled.call(() -> ec2.runInstances(request));
        } catch (SdkException e) {
            throw Ec2Errors.explain("RunInstances", e, p, where);
        }
        if (answer.instances().isEmpty()) {
            throw new PluginException("aws RunInstances: EC2 answered without an instance (client token " + request.clientToken() + ")");
        }
        String id = answer.instances().getFirst().instanceId();
        log.info("aws: instance {} launched ({} tags, client token {})", id, tags.size(), request.clientToken());
        return id;
    }

    private static BlockDeviceMapping mapping(AwsProperties.BlockDevice d) {
        EbsBlockDevice.Builder ebs = EbsBlockDevice.builder()
                .volumeType(d.volumeType() == null ? "gp3" : d.volumeType())
                .deleteOnTermination(d.deleteOnTermination() == null || d.deleteOnTermination());
        if (d.volumeSize() != null) {
            ebs.volumeSize(d.volumeSize());
        }
        if (d.encrypted() != null) {
            ebs.encrypted(d.encrypted());
        }
        return BlockDeviceMapping.builder().deviceName(d.deviceName()).ebs(ebs.build()).build();
    }

    @Override
    public void label(String instanceId, Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return;
        }
        AwsValidation.tags("the labels", labels);
        List<Tag> tags = new TreeMap<>(labels).entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        try {
            // CreateTags overwrites a key's value: one call, safe to repeat.
            throttled.call(() -> ec2.createTags(b -> b.resources(instanceId).tags(tags)));
        } catch (SdkException e) {
            throw Ec2Errors.explain("CreateTags of " + instanceId, e, null, where);
        }
    }

    @Override
    public void destroy(String instanceId, DestroyContext context) {
        try {
            throttled.call(() -> ec2.terminateInstances(b -> b.instanceIds(instanceId)));
        } catch (SdkException e) {
            throw Ec2Errors.explain("TerminateInstances of " + instanceId, e, null, where);
        }
        log.info("aws: instance {} terminated ({})", instanceId, context == null ? "" : context.reason());
    }

    @Override
    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        Map<String, String> wanted = tags == null ? Map.of() : new TreeMap<>(tags);
        List<Filter> filters = new ArrayList<>();
        wanted.forEach((k, v) -> filters.add(Filter.builder().name("tag:" + k).values(v).build()));
        filters.add(Filter.builder().name("instance-state-name").values(LIVE_STATES).build());
        List<InstanceDescription> out = new ArrayList<>();
        String token = null;
        do {
            DescribeInstancesRequest request = DescribeInstancesRequest.builder()
                    .filters(filters).maxResults(options.pageSize()).nextToken(token).build();
            DescribeInstancesResponse page;
            try {
                page = throttled.call(() -> ec2.describeInstances(request));
            } catch (SdkException e) {
                throw Ec2Errors.explain("DescribeInstances", e, null, where);
            }
            for (Reservation r : page.reservations()) {
                for (Instance i : r.instances()) {
                    if (i.state() != null && !LIVE_STATES.contains(i.state().nameAsString())) {
                        continue;
                    }
                    Map<String, String> its = new TreeMap<>();
                    i.tags().forEach(t -> its.put(t.key(), t.value()));
                    if (!Tags.containsAll(its, wanted)) {
                        continue; // an endpoint that ignores a filter must not hand us strangers
                    }
                    String logical = its.getOrDefault(Tags.LOGICAL_ID, its.get(Tags.LOGICAL_ID_LEGACY));
                    out.add(new InstanceDescription(i.instanceId(), logical, its, properties ? properties(i, its) : null));
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /** What DescribeInstances shows of an instance with Properties: true. */
    private JsonNode properties(Instance i, Map<String, String> tags) {
        ObjectNode n = json.createObjectNode();
        n.put("InstanceId", i.instanceId());
        n.put("ImageId", i.imageId());
        n.put("InstanceType", i.instanceTypeAsString());
        n.put("State", i.state() == null ? null : i.state().nameAsString());
        n.put("LaunchTime", i.launchTime() == null ? null : i.launchTime().toString());
        n.put("AvailabilityZone", i.placement() == null ? null : i.placement().availabilityZone());
        n.put("SubnetId", i.subnetId());
        n.put("VpcId", i.vpcId());
        n.put("PrivateIpAddress", i.privateIpAddress());
        n.put("PublicIpAddress", i.publicIpAddress());
        n.put("KeyName", i.keyName());
        ObjectNode t = n.putObject("Tags");
        tags.forEach(t::put);
        return n;
    }

    @Override
    public void close() {
        ec2.close();
    }

    @Override
    public String toString() {
        return "AwsInstancePlugin[" + where + (options.endpoint() == null ? "" : ", endpoint " + options.endpoint()) + "]";
    }
}

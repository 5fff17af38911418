package io.infrakit.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.httpjson.HttpJsonCallContext;
import com.google.api.gax.rpc.ApiCallContext;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.compute.v1.AccessConfig;
import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.AttachedDiskInitializeParams;
import com.google.cloud.compute.v1.DeleteInstanceRequest;
import com.google.cloud.compute.v1.InsertInstanceRequest;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstanceList;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSetLabelsRequest;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.ListInstancesRequest;
import com.google.cloud.compute.v1.Metadata;
import com.google.cloud.compute.v1.NetworkInterface;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.ServiceAccount;
import com.google.cloud.compute.v1.SetLabelsInstanceRequest;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Instance plugin for Compute Engine VMs, on Google's google-cloud-compute client over REST. An
 * instance's ID is its name in the plugin's zone. Provision is instances.insert with a request
 * ID (a repeated insert creates nothing twice) and our tags as labels ({@link LabelCodec}), its
 * zonal operation waited on; DescribeInstances is one paged, label-filtered instances.list for
 * the whole group; Label is setLabels with the label fingerprint; Destroy is instances.delete.
 */
public final class GcpInstancePlugin implements InstancePlugin, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GcpInstancePlugin.class);
    /** What a cheap listing (Properties: false) asks for: names, labels and status, nothing else. */
    static final String CHEAP_FIELDS = "items(name,labels,status),nextPageToken";
    static final String FIELD_MASK_HEADER = "X-Goog-FieldMask";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final GcpOptions options;
    private final InstancesClient instances;
    private final ZoneOperations operations;
    private final Throttled throttled;
    private final GcpValidation validation = new GcpValidation();
    private final String where;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper();

    public GcpInstancePlugin(GcpOptions options, InstancesClient instances, ZoneOperations operations) {
        this.options = options;
        this.instances = instances;
        this.operations = operations;
        this.throttled = new Throttled(options.throttleTimeout());
        this.where = "project " + options.project() + ", zone " + options.zone();
    }

    @Override
    public void validate(JsonNode properties) {
        validation.read(properties);
    }

    @Override
    public String provision(InstanceSpec spec) {
        GcpProperties p = validation.read(spec.properties());
        String script = GcpValidation.startupScript(spec.init());
        Map<String, String> tags = new TreeMap<>(p.tags());
        if (spec.tags() != null) {
            tags.putAll(spec.tags());
        }
        String logical = spec.logicalId();
        String name;
        if (logical != null && !logical.isBlank()) {
            if (!GcpValidation.NAME.matcher(logical).matches()) {
                throw new PluginException("gcp: LogicalID '" + logical + "' cannot be an instance name (1 to 63 lower-case letters, digits"
                        + " and hyphens, starting with a letter); pets on Compute Engine are named by their LogicalID: rename it");
            }
            name = logical;
            tags.put(Tags.LOGICAL_ID, logical);
        } else {
            name = prefix(p, tags.get(Tags.GROUP)) + "-" + suffix();
        }
        Map<String, String> labels = LabelCodec.encode(tags, "the instance's tags");

        String zone = options.zone();
        AttachedDiskInitializeParams.Builder disk = AttachedDiskInitializeParams.newBuilder()
                .setSourceImage(p.image())
                .setDiskType("zones/" + zone + "/diskTypes/" + (p.diskType() == null ? "pd-balanced" : p.diskType()));
        if (p.diskSizeGb() != null) {
            disk.setDiskSizeGb(p.diskSizeGb());
        }
        NetworkInterface.Builder nic = NetworkInterface.newBuilder()
                .setNetwork(p.network() == null ? "global/networks/default" : p.network().contains("/") ? p.network() : "global/networks/" + p.network());
        if (p.subnetwork() != null) {
            nic.setSubnetwork(p.subnetwork());
        }
        if (Boolean.TRUE.equals(p.externalIp())) {
            nic.addAccessConfigs(AccessConfig.newBuilder().setName("External NAT").setType("ONE_TO_ONE_NAT"));
        }
        Instance.Builder vm = Instance.newBuilder()
                .setName(name)
                .setMachineType("zones/" + zone + "/machineTypes/" + p.machineType())
                .putAllLabels(labels)
                .addDisks(AttachedDisk.newBuilder().setBoot(true).setAutoDelete(true).setType("PERSISTENT").setInitializeParams(disk))
                .addNetworkInterfaces(nic);
        if (p.serviceAccount() != null) {
            vm.addServiceAccounts(ServiceAccount.newBuilder().setEmail(p.serviceAccount())
                    .addAllScopes(p.scopes().isEmpty() ? List.of("https://www.googleapis.com/auth/cloud-platform") : p.scopes()));
        }
        if (script != null) {
            vm.setMetadata(Metadata.newBuilder().addItems(Items.newBuilder().setKey("startup-script").setValue(script)));
        }
        if (!p.networkTags().isEmpty()) {
            vm.setTags(com.google.cloud.compute.v1.Tags.newBuilder().addAllItems(p.networkTags()));
        }
        // One request ID per Provision, kept across every retry: Compute Engine answers a repeated insert
        // with the operation of the first one, so rate limits and lost answers never make a second VM.
        InsertInstanceRequest request = InsertInstanceRequest.newBuilder()
                .setProject(options.project()).setZone(zone).setRequestId(UUID.randomUUID().toString())
                .setInstanceResource(vm).build();
        Operation done;
        try {
            Operation op = throttled.call(() -> instances.insertCallable().call(request));
            done = operations.await(op);
        } catch (ApiException e) {
            throw ComputeErrors.explain("instances.insert of " + name, e, p, where);
        }
        PluginException failed = ComputeErrors.explain("instances.insert of " + name, done, p, where);
        if (failed != null) {
            throw failed;
        }
        log.info("gcp: instance {} created ({} labels, request ID {})", name, labels.size(), request.getRequestId());
        return name;
    }

    /** The prefix of a cattle instance's name: NamePrefix, else the group's ID made a valid name. */
    static String prefix(GcpProperties p, String group) {
        if (p.namePrefix() != null) {
            return p.namePrefix();
        }
        String g = group == null ? "" : group.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^[^a-z]+|-+$", "");
        return g.isEmpty() ? "infrakit" : g.length() > 41 ? g.substring(0, 41).replaceAll("-+$", "") : g;
    }

    private String suffix() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    @Override
    public void label(String instanceId, Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return;
        }
        Map<String, String> wanted = LabelCodec.encode(labels, "the labels");
        for (int attempt = 1; ; attempt++) {
            try {
                Instance vm = throttled.call(() -> instances.get(options.project(), options.zone(), instanceId));
                Map<String, String> merged = new TreeMap<>(vm.getLabelsMap());
                merged.putAll(wanted);
                SetLabelsInstanceRequest request = SetLabelsInstanceRequest.newBuilder()
                        .setProject(options.project()).setZone(options.zone()).setInstance(instanceId)
                        .setRequestId(UUID.randomUUID().toString())
                        .setInstancesSetLabelsRequestResource(InstancesSetLabelsRequest.newBuilder()
                                .setLabelFingerprint(vm.getLabelFingerprint()).putAllLabels(merged))
                        .build();
                Operation done = operations.await(throttled.call(() -> instances.setLabelsCallable().call(request)));
                PluginException failed = ComputeErrors.explain("setLabels of " + instanceId, done, null, where);
                if (failed != null) {
                    throw failed;
                }
                return;
            } catch (ApiException e) {
                // Someone changed the labels since our read (the fingerprint is stale): read again and merge again.
                if (e.getStatusCode().getCode() == com.google.api.gax.rpc.StatusCode.Code.FAILED_PRECONDITION && attempt < 3) {
                    continue;
                }
                throw ComputeErrors.explain("setLabels of " + instanceId, e, null, where);
            }
        }
    }

    @Override
    public void destroy(String instanceId, DestroyContext context) {
        DeleteInstanceRequest request = DeleteInstanceRequest.newBuilder()
                .setProject(options.project()).setZone(options.zone()).setInstance(instanceId)
                .setRequestId(UUID.randomUUID().toString()).build();
        Operation done;
        try {
            done = operations.await(throttled.call(() -> instances.deleteCallable().call(request)));
        } catch (ApiException e) {
            throw ComputeErrors.explain("instances.delete of " + instanceId, e, null, where);
        }
        PluginException failed = ComputeErrors.explain("instances.delete of " + instanceId, done, null, where);
        if (failed != null) {
            throw failed;
        }
        log.info("gcp: instance {} deleted ({})", instanceId, context == null ? "" : context.reason());
    }

    @Override
    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        Map<String, String> wanted = tags == null ? Map.of() : new TreeMap<>(tags);
        String filter = LabelCodec.encode(wanted, "the wanted tags").entrySet().stream()
                .map(e -> "(labels." + e.getKey() + " = \"" + e.getValue() + "\")").collect(Collectors.joining(" AND "));
        // Properties: false asks Compute Engine for names, labels and status only (a field mask), which keeps polls cheap.
        ApiCallContext context = properties ? null
                : HttpJsonCallContext.createDefault().withExtraHeaders(Map.of(FIELD_MASK_HEADER, List.of(CHEAP_FIELDS)));
        List<InstanceDescription> out = new ArrayList<>();
        String token = "";
        do {
            ListInstancesRequest.Builder b = ListInstancesRequest.newBuilder()
                    .setProject(options.project()).setZone(options.zone()).setMaxResults(options.pageSize());
            if (!filter.isEmpty()) {
                b.setFilter(filter);
            }
            if (!token.isEmpty()) {
                b.setPageToken(token);
            }
            ListInstancesRequest request = b.build();
            InstanceList page;
            try {
                page = throttled.call(() -> instances.listCallable().call(request, context));
            } catch (ApiException e) {
                throw ComputeErrors.explain("instances.list", e, null, where);
            }
            for (Instance vm : page.getItemsList()) {
                Map<String, String> its = LabelCodec.decode(vm.getLabelsMap());
                if (!Tags.containsAll(its, wanted)) {
                    continue; // an endpoint that ignores a filter must not hand us strangers
                }
                out.add(new InstanceDescription(vm.getName(), its.get(Tags.LOGICAL_ID), its, properties ? properties(vm) : null));
            }
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return out;
    }

    private JsonNode properties(Instance vm) {
        try {
            return json.readTree(JsonFormat.printer().print(vm));
        } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PluginException("gcp: instance " + vm.getName() + " could not be shown as JSON");
        }
    }

    @Override
    public void close() {
        instances.close();
        operations.close();
    }

    @Override
    public String toString() {
        return "GcpInstancePlugin[" + where + (options.endpoint() == null ? "" : ", endpoint " + options.endpoint()) + "]";
    }
}

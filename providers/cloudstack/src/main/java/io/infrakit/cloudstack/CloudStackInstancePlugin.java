package io.infrakit.cloudstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Instance plugin for Apache CloudStack VMs. Provision deploys a VM (async job followed to the
 * end) with the flavor's Init as user data, then tags it with createTags; DescribeInstances is
 * one paged listVirtualMachines filtered by tags for the whole group; Destroy is
 * destroyVirtualMachine (with {@code expunge} when the option says so).
 */
public final class CloudStackInstancePlugin implements InstancePlugin, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CloudStackInstancePlugin.class);
    static final String RESOURCE_TYPE = "UserVm";
    /** States of VMs that are gone for our purposes: a destroyed VM waits for expunge but never comes back by itself. */
    private static final Set<String> GONE = Set.of("Destroyed", "Expunging", "Expunged");
    /** CloudStack's {@code name} must be a host name: letters, digits and hyphens, starting with a letter. */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private final CloudStackOptions options;
    private final CloudStackClient client;
    private final AsyncJobs jobs;
    private final NameResolver names;
    private final ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public CloudStackInstancePlugin(CloudStackOptions options) {
        this.options = options;
        this.client = new CloudStackClient(options.endpoint(), options.credentials(), options.requestTimeout(), options.retries());
        this.jobs = new AsyncJobs(client, options.pollInterval(), Duration.ofSeconds(5), options.jobTimeout());
        this.names = new NameResolver(client);
    }

    /** Binds and checks Properties without asking CloudStack. */
    CloudStackProperties read(JsonNode properties) {
        if (properties == null || properties.isNull() || properties.isMissingNode()) {
            throw new PluginException("cloudstack: Properties are missing; give at least Zone, ServiceOffering and Template");
        }
        if (!properties.isObject()) {
            throw new PluginException("cloudstack: Properties must be an object with Zone, ServiceOffering and Template, not " + properties.getNodeType());
        }
        CloudStackProperties p;
        try {
            p = strict.treeToValue(properties, CloudStackProperties.class);
        } catch (UnrecognizedPropertyException e) {
            throw new PluginException("cloudstack: unknown field Properties." + e.getPropertyName() + "; known fields: "
                    + String.join(", ", CloudStackSchema.DOCS.keySet()));
        } catch (JsonProcessingException e) {
            String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                    ? m.getPath().getFirst().getFieldName() : "?";
            throw new PluginException("cloudstack: Properties." + field + " has the wrong type; see `infrakit explain cloudstack`");
        }
        require("Zone", p.zone());
        require("ServiceOffering", p.serviceOffering());
        require("Template", p.template());
        return p;
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new PluginException("cloudstack: Properties." + field + " is required (a name or a UUID)");
        }
    }

    private record Resolved(String zoneId, String offeringId, String templateId) {
    }

    private Resolved resolve(CloudStackProperties p) {
        String zone = names.resolve(NameResolver.Kind.ZONE, p.zone(), null);
        String offering = names.resolve(NameResolver.Kind.SERVICE_OFFERING, p.serviceOffering(), null);
        String template = names.resolve(NameResolver.Kind.TEMPLATE, p.template(), zone);
        return new Resolved(zone, offering, template);
    }

    @Override
    public void validate(JsonNode properties) {
        CloudStackProperties p = read(properties);
        try {
            resolve(p);
        } catch (UnreachableException e) {
            // Validate must work offline (plan, CI); Provision will say it again if it is still down.
            log.warn("cloudstack: could not check Zone, ServiceOffering and Template: {}", e.getMessage());
        }
    }

    @Override
    public String provision(InstanceSpec spec) {
        CloudStackProperties p = read(spec.properties());
        String userData = UserData.encode(spec.init());
        Resolved ids = resolve(p);

        Map<String, String> params = new LinkedHashMap<>();
        params.put("zoneid", ids.zoneId());
        params.put("serviceofferingid", ids.offeringId());
        params.put("templateid", ids.templateId());
        if (!p.networks().isEmpty()) {
            params.put("networkids", String.join(",", p.networks()));
        }
        if (!p.securityGroups().isEmpty()) {
            params.put("securitygroupids", String.join(",", p.securityGroups()));
        }
        if (p.keyPair() != null && !p.keyPair().isBlank()) {
            params.put("keypair", p.keyPair());
        }
        if (userData != null) {
            params.put("userdata", userData);
        }
        String logical = spec.logicalId();
        if (logical != null && !logical.isBlank()) {
            params.put("displayname", logical);
            if (HOST_NAME.matcher(logical).matches()) {
                params.put("name", logical);
            }
        }
        JsonNode started = client.post("deployVirtualMachine", params);
        JsonNode result;
        try {
            result = jobs.await("deployVirtualMachine", started.path("jobid").asText());
        } catch (CloudStackApiException e) {
            // CloudStack leaves a VM whose deploy failed in state Error, untagged: nobody would ever remove it.
            removeQuietly(started.path("id").asText(""));
            throw e;
        }
        String id = result.path("virtualmachine").path("id").asText("");
        if (id.isEmpty()) {
            throw new PluginException("cloudstack deployVirtualMachine: the finished job names no virtual machine");
        }

        Map<String, String> tags = new TreeMap<>(p.tags());
        if (spec.tags() != null) {
            tags.putAll(spec.tags());
        }
        if (logical != null && !logical.isBlank()) {
            tags.put(Tags.LOGICAL_ID, logical);
        }
        try {
            createTags(id, tags);
        } catch (PluginException e) {
            // An untagged VM is invisible to its group and would leak: take it back.
            log.warn("cloudstack: tagging VM {} failed ({}); destroying it", id, e.getMessage());
            removeQuietly(id);
            throw e;
        }
        log.info("cloudstack: VM {} deployed ({} tags)", id, tags.size());
        return id;
    }

    /** Destroys and expunges a VM of ours that no group can see; a failure is only logged. */
    private void removeQuietly(String id) {
        if (id.isEmpty()) {
            return;
        }
        try {
            jobs.run("destroyVirtualMachine", Map.of("id", id, "expunge", "true"), false);
        } catch (PluginException cleanup) {
            log.warn("cloudstack: could not remove VM {} (destroy it in CloudStack): {}", id, cleanup.getMessage());
        }
    }

    private void createTags(String id, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("resourceids", id);
        params.put("resourcetype", RESOURCE_TYPE);
        params.putAll(tagParams(tags));
        jobs.run("createTags", params, false);
    }

    /** {@code tags[0].key=K, tags[0].value=V, ...}: CloudStack's map parameter form. */
    static Map<String, String> tagParams(Map<String, String> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(tags).entrySet()) {
            out.put("tags[" + i + "].key", e.getKey());
            out.put("tags[" + i + "].value", e.getValue());
            i++;
        }
        return out;
    }

    @Override
    public void label(String instanceId, Map<String, String> labels) {
        JsonNode vm = client.get("listVirtualMachines", Map.of("id", instanceId, "listall", "true")).path("virtualmachine").path(0);
        if (vm.isMissingNode() || GONE.contains(vm.path("state").asText())) {
            throw new PluginException("cloudstack: no VM with id " + instanceId + " to label");
        }
        Map<String, String> current = tagsOf(vm);
        Map<String, String> changed = new TreeMap<>();
        Map<String, String> replaced = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (!v.equals(current.get(k))) {
                changed.put(k, v);
                if (current.containsKey(k)) {
                    replaced.put(k, current.get(k));
                }
            }
        });
        // CloudStack refuses a second tag with the same key: remove the old value first.
        if (!replaced.isEmpty()) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("resourceids", instanceId);
            params.put("resourcetype", RESOURCE_TYPE);
            params.putAll(tagParams(replaced));
            jobs.run("deleteTags", params, false);
        }
        createTags(instanceId, changed);
    }

    @Override
    public void destroy(String instanceId, DestroyContext context) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("id", instanceId);
        if (options.expunge()) {
            params.put("expunge", "true");
        }
        jobs.run("destroyVirtualMachine", params, false);
        log.info("cloudstack: VM {} destroyed ({})", instanceId, context == null ? "" : context.reason());
    }

    @Override
    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        Map<String, String> filter = tagParams(tags == null ? Map.of() : tags);
        List<InstanceDescription> out = new ArrayList<>();
        int seen = 0;
        for (int page = 1; ; page++) {
            Map<String, String> params = new LinkedHashMap<>(filter);
            params.put("listall", "true");
            params.put("page", Integer.toString(page));
            params.put("pagesize", Integer.toString(options.pageSize()));
            JsonNode answer = client.get("listVirtualMachines", params);
            JsonNode vms = answer.path("virtualmachine");
            for (JsonNode vm : vms) {
                seen++;
                if (GONE.contains(vm.path("state").asText())) {
                    continue;
                }
                Map<String, String> vmTags = tagsOf(vm);
                if (!Tags.containsAll(vmTags, tags)) {
                    continue; // a server that ignores a filter must not hand us strangers
                }
                String logical = vmTags.getOrDefault(Tags.LOGICAL_ID, vmTags.get(Tags.LOGICAL_ID_LEGACY));
                out.add(new InstanceDescription(vm.path("id").asText(), logical, vmTags, properties ? vm : null));
            }
            if (vms.size() < options.pageSize() || seen >= answer.path("count").asInt(0)) {
                return out;
            }
        }
    }

    static Map<String, String> tagsOf(JsonNode vm) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode t : vm.path("tags")) {
            out.put(t.path("key").asText(), t.path("value").asText());
        }
        return out;
    }

    @Override
    public void close() {
        // The JDK HTTP client holds no resource that outlives its last request here.
    }

    @Override
    public String toString() {
        return "CloudStackInstancePlugin[" + options + "]";
    }
}

package io.infrakit.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceChangeSource;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceExec;
import io.infrakit.spi.instance.InstanceFiles;
import io.infrakit.spi.instance.InstanceTemplates;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import io.infrakit.spi.instance.OwnChanges;
import io.infrakit.vsphere.vim.GuestOperations;
import io.infrakit.vsphere.vim.Moref;
import io.infrakit.vsphere.vim.ObjectContent;
import io.infrakit.vsphere.vim.PropertySpecs;
import io.infrakit.vsphere.vim.SoapTransport;
import io.infrakit.vsphere.vim.Tasks;
import io.infrakit.vsphere.vim.UnreachableException;
import io.infrakit.vsphere.vim.VimClient;
import io.infrakit.vsphere.vim.VimFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Instance plugin for VMware vSphere VMs, over our own vim25 SOAP client. Provision clones a
 * template (or VM) or creates a VM booting an ISO, in a VM folder named after the group; tags
 * are custom attributes. DescribeInstances is one property-collector call per group folder.
 * Changes behind our back arrive from WaitForUpdatesEx ({@link VmWatch}).
 */
public final class VsphereInstancePlugin implements InstancePlugin, InstanceChangeSource, InstanceExec, InstanceFiles,
        InstanceTemplates, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VsphereInstancePlugin.class);
    /** vSphere allows 80 characters in a VM name. */
    private static final Pattern VM_NAME = Pattern.compile("[^/\\\\%]{1,80}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VsphereOptions options;
    private final VimClient client;
    private final Inventory inventory;
    private final CustomFields fields;
    private final Tasks tasks;
    private final KnownVms known = new KnownVms();
    private final OwnChanges own;
    private final VmWatch watch;
    private final PropertiesReader reader;
    private final GroupListing listing;
    private final GuestLogins logins;
    private final VmGuest guest;
    private final VmTemplates templates;

    public VsphereInstancePlugin(VsphereOptions options) {
        this.options = options;
        SoapTransport transport = new SoapTransport(options.sdk(), TlsTrust.context(options.caFile(), options.insecure()), options.requestTimeout());
        this.client = new VimClient(transport, options.credentials().user(), options.credentials().password());
        this.tasks = new Tasks(client, options.taskTimeout());
        this.inventory = new Inventory(client, tasks);
        this.fields = new CustomFields(client);
        this.own = new OwnChanges(Clock.systemUTC(), Duration.ofMinutes(2), 4096);
        this.reader = new PropertiesReader(options.defaults());
        this.listing = new GroupListing(client, inventory, fields, known, options.defaults().get(VsphereOptions.DATACENTER));
        this.logins = new GuestLogins(options.guest() == null ? null
                : new GuestOperations.Login(options.guest().user(), options.guest().password()));
        this.guest = new VmGuest(new GuestOperations(client), logins);
        this.templates = new VmTemplates(client, tasks, fields, own, known);
        this.watch = new VmWatch(client, fields, known, own, options.reapPoweredOff() ? this::reap : null);
    }

    /** The SOAP client (tests count its calls). */
    VimClient client() {
        return client;
    }

    VmWatch watcher() {
        return watch;
    }

    /** Binds and checks Properties without asking vCenter (tests). */
    VsphereProperties read(JsonNode properties) {
        return reader.read(properties);
    }

    /** What a VM is built from, resolved in vCenter. */
    private record Resolved(Inventory.Datacenter dc, Moref datastore, Inventory.Placement placement, Moref template, Inventory.Net network) {
    }

    private Resolved resolve(VsphereProperties p) {
        Inventory.Datacenter dc = inventory.datacenter(p.datacenter());
        Moref ds = inventory.datastore(dc, p.datastore());
        Inventory.Placement placement = inventory.placement(dc, p.hostname(), p.cluster());
        Moref template = p.template() != null && !p.template().isBlank() ? inventory.template(dc, p.template()) : null;
        Inventory.Net network = template == null && p.network() != null && !p.network().isBlank() ? inventory.network(dc, p.network()) : null;
        if (template == null) {
            inventory.requireIso(dc, VmSpecs.datastorePath(p.datastore(), p.isoPath()));
        }
        return new Resolved(dc, ds, placement, template, network);
    }

    @Override
    public void validate(JsonNode properties) {
        VsphereProperties p = reader.read(properties);
        try {
            resolve(p);
        } catch (UnreachableException e) {
            // Validate must work offline (plan, CI); Provision will say it again if vCenter is still down.
            log.warn("vsphere: could not check the Properties against vCenter: {}", e.getMessage());
        }
    }

    @Override
    public String provision(InstanceSpec spec) {
        VsphereProperties p = reader.read(spec.properties());
        Resolved r;
        try {
            r = resolve(p);
        } catch (VimFault f) {
            inventory.forget();
            throw f;
        }
        Map<String, String> tags = new TreeMap<>(p.tags());
        if (spec.tags() != null) {
            tags.putAll(spec.tags());
        }
        String logical = spec.logicalId();
        if (logical != null && !logical.isBlank()) {
            if (!VM_NAME.matcher(logical).matches()) {
                throw new PluginException("vsphere: LogicalID '" + logical + "' cannot name a VM: at most 80 characters, without '/', '\\\\' or '%'");
            }
            tags.put(Tags.LOGICAL_ID, logical);
        }
        String group = tags.get(Tags.GROUP);
        Moref folder = group != null ? inventory.groupFolderCreated(r.dc(), group) : r.dc().vmFolder();
        String name = logical != null && !logical.isBlank() ? logical : prefix(p, group) + "-" + HexFormat.of().formatHex(randomBytes());
        String init = spec.init() == null || spec.init().isEmpty() ? null : spec.init();

        Moref vm;
        try {
            if (r.template() != null) {
                Moref task = client.cloneVm(r.template(), folder, name,
                        VmSpecs.cloneSpec(r.datastore(), r.placement(), p.memory(), p.cpus(), p.annotation(), init));
                vm = tasks.await("CloneVM_Task", task).moref();
            } else {
                String dsName = p.datastore();
                Moref task = client.createVm(folder, VmSpecs.createConfig(name, dsName, r.datastore(), VmSpecs.datastorePath(dsName, p.isoPath()),
                        p.memory() == null ? VsphereProperties.DEFAULT_MEMORY_MB : p.memory(),
                        p.cpus() == null ? VsphereProperties.DEFAULT_CPUS : p.cpus(), p.annotation(), r.network(), init),
                        r.placement().pool(), r.placement().host());
                vm = tasks.await("CreateVM_Task", task).moref();
            }
        } catch (VimFault f) {
            if (f.is("ManagedObjectNotFound")) {
                inventory.forget(); // a cached folder, template or pool went away: look again next time
            }
            throw f;
        }
        Map<String, String> all = new TreeMap<>(tags);
        if (p.poweredOn()) {
            all.put(CustomFields.POWER_ON, "true");
        }
        known.learn(vm.value(), all);
        logins.remember(vm.value(), p);
        try {
            fields.set(vm, all);
            if (p.poweredOn()) {
                tasks.await("PowerOnVM_Task", client.powerOn(vm));
            }
        } catch (PluginException e) {
            // An untagged or half-made VM would be invisible to its group and leak: take it back.
            log.warn("vsphere: finishing VM {} failed ({}); deleting it", vm.value(), e.getMessage());
            removeQuietly(vm.value());
            throw e;
        }
        log.info("vsphere: VM {} ({}) provisioned in folder {} from {}", vm.value(), name, group == null ? "vm" : group,
                r.template() != null ? "template " + p.template() : "ISO " + p.isoPath());
        return vm.value();
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String prefix(VsphereProperties p, String group) {
        if (p.vmPrefix() != null) {
            return p.vmPrefix();
        }
        if (group != null) {
            String g = group.replaceAll("[^A-Za-z0-9._-]", "-");
            return g.length() > 60 ? g.substring(0, 60) : g;
        }
        return "vm";
    }

    @Override
    public void label(String instanceId, Map<String, String> labels) {
        Moref vm = Moref.vm(instanceId);
        Map<String, String> current = currentFields(vm);
        if (current == null) {
            throw new PluginException("vsphere: no VM with id " + instanceId + " to label");
        }
        Map<String, String> changed = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (!v.equals(current.get(k))) {
                changed.put(k, v);
            }
        });
        fields.set(vm, changed);
        current.putAll(changed);
        known.learn(instanceId, current);
    }

    /** The VM's fields, or null when it no longer exists. */
    private Map<String, String> currentFields(Moref vm) {
        try {
            List<ObjectContent> got = client.retrieve(PropertySpecs.object(vm, List.of("customValue")));
            return got.isEmpty() ? null : new TreeMap<>(fields.read(got.getFirst().items("customValue")));
        } catch (VimFault f) {
            if (f.is("ManagedObjectNotFound")) {
                return null;
            }
            throw f;
        }
    }

    @Override
    public void destroy(String instanceId, DestroyContext context) {
        Moref vm = Moref.vm(instanceId);
        String why = context == null ? "" : String.valueOf(context.reason());
        if (options.ignoreOnDestroy()) {
            Map<String, String> current = currentFields(vm);
            if (current != null) {
                Map<String, String> cleared = new TreeMap<>();
                current.keySet().forEach(k -> cleared.put(k, ""));
                own.removed(instanceId);
                fields.set(vm, cleared);
            }
            known.forget(instanceId);
            logins.forget(instanceId);
            log.info("vsphere: VM {} no longer managed (ignore-on-destroy: its tags are cleared, it stays in vCenter) ({})", instanceId, why);
            return;
        }
        own.begin(instanceId);
        try {
            remove(vm);
            log.info("vsphere: VM {} destroyed ({})", instanceId, why);
        } finally {
            own.removed(instanceId);
            own.end(instanceId);
            known.forget(instanceId);
            logins.forget(instanceId);
        }
    }

    /** Powers off (when on) and deletes a VM; one that is already gone is fine. */
    private void remove(Moref vm) {
        try {
            List<ObjectContent> got = client.retrieve(PropertySpecs.object(vm, List.of("runtime.powerState", "config.template")));
            if (got.isEmpty()) {
                return;
            }
            if (templates.isTemplate(got.getFirst())) {
                log.info("vsphere: {} is a template now (a deployment's output); left in place", vm.value());
                return;
            }
            if ("poweredOn".equals(got.getFirst().text("runtime.powerState")) || "suspended".equals(got.getFirst().text("runtime.powerState"))) {
                try {
                    tasks.await("PowerOffVM_Task", client.powerOff(vm));
                } catch (VimFault f) {
                    if (!f.is("InvalidPowerState")) {
                        throw f;
                    }
                }
            }
            tasks.await("Destroy_Task", client.destroy(vm));
        } catch (VimFault f) {
            if (!f.is("ManagedObjectNotFound")) {
                throw f;
            }
        }
    }

    private void removeQuietly(String id) {
        own.begin(id);
        try {
            remove(Moref.vm(id));
        } catch (PluginException cleanup) {
            log.warn("vsphere: could not delete VM {} (delete it in vCenter): {}", id, cleanup.getMessage());
        } finally {
            own.removed(id);
            own.end(id);
            known.forget(id);
        }
    }

    /** The watcher's reaper: a VM of ours powered off behind our back is deleted. */
    private void reap(String id, String why) {
        log.info("vsphere: VM {} {}: deleting it (reap-powered-off)", id, why);
        removeQuietly(id);
    }

    @Override
    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        return listing.describe(tags, properties);
    }

    /** A command in the VM's guest through VMware Tools ({@link VmGuest}). */
    @Override
    public ExecResult exec(String instanceId, List<String> command, Duration timeout) {
        return guest.exec(instanceId, command, Map.of(), null, timeout);
    }

    /** As {@link #exec}, with environment variables and a working folder set by StartProgramInGuest itself. */
    public ExecResult exec(String instanceId, List<String> command, Map<String, String> env, String workdir, Duration timeout) {
        return guest.exec(instanceId, command, env, workdir, timeout);
    }

    @Override
    public void writeFile(String instanceId, String path, byte[] content, Duration timeout) {
        guest.writeFile(instanceId, path, content);
    }

    @Override
    public byte[] readFile(String instanceId, String path, Duration timeout) {
        return guest.readFile(instanceId, path);
    }

    /** A deployment's template output: the VM becomes a template ({@link VmTemplates}). */
    @Override
    public String createTemplate(String instanceId, JsonNode properties) {
        String name = templates.create(instanceId, properties);
        logins.forget(instanceId);
        return name;
    }

    @Override
    public AutoCloseable watch(Consumer<InstanceChange> listener) {
        return watch.watch(listener);
    }

    @Override
    public void close() {
        watch.close();
        client.close();
    }

    @Override
    public String toString() {
        return "VsphereInstancePlugin[" + options + "]";
    }
}

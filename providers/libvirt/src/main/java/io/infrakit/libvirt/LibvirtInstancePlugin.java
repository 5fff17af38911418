package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceChangeSource;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceExec;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import io.infrakit.spi.instance.OwnChanges;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Instance plugin on libvirt: one instance is one persistent domain named {@code infrakit-XXXXXXXX}
 * whose {@code <metadata>} holds its tags, logical ID and owned volumes. The Init script reaches
 * the guest on a NoCloud {@code cidata} ISO that is uploaded into a storage pool through libvirt's
 * storage API: libvirt owns the file and labels it for qemu, so qemu can always open it.
 */
public final class LibvirtInstancePlugin implements InstancePlugin, InstanceChangeSource, InstanceExec,
        io.infrakit.spi.instance.InstanceLifecycle, io.infrakit.spi.instance.InstanceTemplates, io.infrakit.spi.instance.InstanceFiles, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LibvirtInstancePlugin.class);
    static final String NAME_PREFIX = "infrakit-";
    /** How long a removed domain's late events (stopped, undefined) are still taken for ours. */
    private static final Duration REMEMBER_REMOVED = Duration.ofMinutes(2);

    private final Connection connection;
    private final ObjectMapper mapper;
    private final PropertiesReader reader;
    private final LibvirtNative natives;
    /** Commands and files in our guests, through qemu-ga. */
    private final DomainGuest guest;
    private final Clock clock;
    private final boolean reapStopped;
    private final SecureRandom random = new SecureRandom();
    /** How long a guest may take to shut down by ACPI before it is powered off (Stop). */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);
    /** Domains being provisioned or destroyed by us, or just removed: their stop events are ours, not losses. */
    private final OwnChanges own;
    private final OurDomains domains;
    private final DomainPower power;
    private final StorageVolumes storage;
    private final DomainEvents events;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("libvirt-reap-sweep").factory());

    /**
     * @param reapStopped when true a domain of ours that stopped for good (shut down, destroyed,
     *                    crashed) is not listed any more, and is removed with its volumes and
     *                    reported lost (at once by its stop event when watched, else by the next
     *                    {@link #sweep}), so that a group controller replaces it; when false it
     *                    stays, listed as shut off, for a person to look at.
     */
    public LibvirtInstancePlugin(Connect connect, ObjectMapper mapper, Clock clock, boolean reapStopped) {
        this(Connection.fixed(connect), mapper, clock, reapStopped);
    }

    LibvirtInstancePlugin(Connection connection, ObjectMapper mapper, Clock clock, boolean reapStopped) {
        this.connection = connection;
        this.mapper = mapper;
        this.reader = new PropertiesReader(mapper);
        this.natives = new LibvirtNative();
        this.clock = clock;
        this.reapStopped = reapStopped;
        this.own = new OwnChanges(clock, REMEMBER_REMOVED, 4096);
        this.domains = new OurDomains(connection);
        this.guest = new DomainGuest(domains, new GuestAgent(mapper), new GuestFiles(mapper));
        this.power = new DomainPower(domains, reapStopped);
        this.storage = new StorageVolumes(connection, natives);
        this.events = new DomainEvents(connection, own, reapStopped ? this::reap : null);
        connection.onReopen(events::resubscribe);
    }

    @Override
    public void validate(JsonNode properties) {
        reader.read(properties);
    }

    @Override
    public String provision(InstanceSpec spec) {
        LibvirtProperties props = reader.read(spec.properties());
        String id = NAME_PREFIX + HexFormat.of().formatHex(randomBytes());
        own.begin(id);
        List<InstanceMetadata.VolumeRef> owned = new ArrayList<>();
        Domain domain = null;
        try {
            List<DomainXml.ExtraDisk> extra = new ArrayList<>();
            if (props.rootDisk() != null) {
                String path = storage.cloneRootDisk(id, props.rootDisk(), owned);
                var target = props.rootDisk().target();
                extra.add(new DomainXml.ExtraDisk("disk", "qcow2", path,
                        target != null && target.dev() != null ? target.dev() : "vda",
                        target != null && target.bus() != null ? target.bus() : "virtio", false));
            }
            if (spec.init() != null && !spec.init().isEmpty()) {
                String hostname = spec.logicalId() != null ? spec.logicalId() : id;
                byte[] iso = new CidataSeed(id, hostname, spec.init()).toIso(clock.instant());
                String path = storage.uploadVolume(props.seedPool(), id + "-cidata.iso", iso, owned);
                extra.add(DomainXml.ExtraDisk.cidata(path, DomainXml.freeSataDev(props)));
            }
            Map<String, String> tags = new LinkedHashMap<>(spec.tags() == null ? Map.of() : spec.tags());
            if (spec.logicalId() != null) {
                tags.putIfAbsent(Tags.LOGICAL_ID, spec.logicalId());
            }
            InstanceMetadata metadata = new InstanceMetadata(spec.logicalId(), tags, owned);
            String xml = DomainXml.render(id, props.domain(), metadata, extra);
            domain = connection.get().domainDefineXML(xml);
            domain.create();
            log.info("provisioned instance={} group={} reason=provision type={} volumes={}",
                    id, tags.get(Tags.GROUP), props.domain().type(), owned.size());
            return id;
        } catch (LibvirtException e) {
            rollback(id, domain, owned);
            throw new PluginException("provisioning " + id + " failed: " + message(e), e);
        } catch (RuntimeException e) {
            rollback(id, domain, owned);
            throw e;
        } finally {
            own.end(id);
        }
    }

    private byte[] randomBytes() {
        byte[] b = new byte[4];
        random.nextBytes(b);
        return b;
    }

    private void rollback(String id, Domain domain, List<InstanceMetadata.VolumeRef> owned) {
        try {
            if (domain != null) {
                if (domain.isActive() == 1) {
                    domain.destroy();
                }
                domain.undefine();
            }
        } catch (LibvirtException e) {
            log.warn("rollback instance={}: cannot remove domain: {}", id, message(e));
        }
        storage.deleteVolumes(id, owned);
    }

    @Override
    public void label(String instanceId, Map<String, String> labels) {
        Domain domain = domains.lookup(instanceId);
        try {
            InstanceMetadata metadata = OurDomains.ours(instanceId, Xml.parse(domain.getXMLDesc(0)));
            InstanceMetadata updated = metadata.withTags(labels);
            int flags = LibvirtNative.AFFECT_CONFIG | (domain.isActive() == 1 ? LibvirtNative.AFFECT_LIVE : 0);
            natives.setMetadata(domain, updated.toFragment(), InstanceMetadata.PREFIX, InstanceMetadata.NAMESPACE, flags);
            log.info("labelled instance={} group={} reason=label labels={}", instanceId, updated.tags().get(Tags.GROUP), labels.keySet());
        } catch (LibvirtException e) {
            throw new PluginException("labelling " + instanceId + " failed: " + message(e), e);
        }
    }

    @Override
    public void destroy(String instanceId, DestroyContext context) {
        String reason = context == null ? DestroyContext.TERMINATE : context.reason();
        remove(instanceId, reason);
    }

    private InstanceMetadata remove(String instanceId, String reason) {
        own.begin(instanceId);
        try {
            Domain domain = domains.lookup(instanceId);
            InstanceMetadata metadata = OurDomains.ours(instanceId, Xml.parse(domain.getXMLDesc(0)));
            if (domain.isActive() == 1) {
                try {
                    domain.destroy();
                } catch (LibvirtException e) {
                    if (e.getError().getCode() != ErrorNumber.VIR_ERR_OPERATION_INVALID) { // stopped meanwhile
                        throw e;
                    }
                }
            }
            domain.undefine();
            own.removed(instanceId);
            storage.deleteVolumes(instanceId, metadata.volumes());
            log.info("destroyed instance={} group={} reason={}", instanceId, metadata.tags().get(Tags.GROUP), reason);
            return metadata;
        } catch (LibvirtException e) {
            throw new PluginException("destroying " + instanceId + " failed: " + message(e), e);
        } finally {
            own.end(instanceId);
        }
    }

    @Override
    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        List<InstanceDescription> result = new ArrayList<>();
        for (Domain domain : domains.candidates()) {
            try {
                Document xml = Xml.parse(domain.getXMLDesc(0));
                InstanceMetadata metadata = InstanceMetadata.fromDomainXml(xml);
                if (metadata == null || !Tags.containsAll(metadata.tags(), tags)) {
                    continue;
                }
                String name = domain.getName();
                DomainInfo.DomainState state = domain.getInfo().state;
                if (reapStopped && isDead(state) && !own.isOwn(name) && !warm(metadata)) {
                    continue; // lost: the next sweep (or its stop event) removes it; a read destroys nothing
                }
                JsonNode props = properties ? mapper.valueToTree(DomainStatus.of(domain, xml, metadata, state)) : null;
                result.add(new InstanceDescription(name, metadata.logicalId(), metadata.tags(), props));
            } catch (LibvirtException e) {
                if (e.getError().getCode() != ErrorNumber.VIR_ERR_NO_DOMAIN) { // gone since listed: not an error
                    throw new PluginException("describing instances failed: " + message(e), e);
                }
            }
        }
        return result;
    }

    @Override
    public ExecResult exec(String instanceId, List<String> command, Duration timeout) {
        return guest.exec(instanceId, command, timeout);
    }

    /** exec with stdout handed over while the command runs (see {@link GuestExecStream}: needs /bin/sh and /tmp in the guest). */
    @Override
    public ExecResult exec(String instanceId, List<String> command, Duration timeout, Consumer<String> stdout) {
        return guest.exec(instanceId, command, timeout, stdout);
    }

    /** A file into the guest through qemu-ga's guest-file-* in chunks ({@link GuestFiles}); its folder must exist. */
    @Override
    public void writeFile(String instanceId, String path, byte[] content, Duration timeout) {
        guest.writeFile(instanceId, path, content, timeout);
    }

    @Override
    public byte[] readFile(String instanceId, String path, Duration timeout) {
        return guest.readFile(instanceId, path, timeout);
    }

    // ---------------------------------------------------------------- Start, Stop (warm pool)

    /** A warm pool member (tag infrakit.warm=true): shut off on purpose, never reaped. */
    static boolean warm(InstanceMetadata metadata) {
        return metadata != null && Tags.TRUE.equals(metadata.tags().get(Tags.WARM));
    }

    /** Boots a shut-off domain of ours; see {@link DomainPower#start}. */
    @Override
    public void start(String instanceId) {
        power.start(instanceId);
    }

    /** Shuts a domain of ours down, powered off after {@link #SHUTDOWN_GRACE}; see {@link DomainPower#stop}. */
    @Override
    public void stop(String instanceId) {
        power.stop(instanceId, SHUTDOWN_GRACE);
    }

    void stop(String instanceId, Duration grace) {
        power.stop(instanceId, grace);
    }

    /** A deployment's template output: the root disk copied to a new volume (see {@link DiskTemplates}). */
    @Override
    public String createTemplate(String instanceId, com.fasterxml.jackson.databind.JsonNode properties) {
        // Our own shutdown: its 'stopped' event must not reap the instance (and its disk) mid-copy.
        own.begin(instanceId);
        try {
            return new DiskTemplates(connection, domains).copyRootDisk(instanceId, properties);
        } finally {
            own.end(instanceId);
        }
    }

    /** Domain events are subscribed to while someone watches. */
    @Override
    public AutoCloseable watch(Consumer<InstanceChange> listener) {
        return events.watch(listener);
    }

    // ---------------------------------------------------------------- reaping

    /**
     * Removes every domain of ours that stopped for good and reports each lost; nothing when
     * reaping is off. The periodic half of reaping, for deaths no event told about (nobody was
     * watching, or the connection was down). Returns the names removed.
     */
    public List<String> sweep() {
        if (!reapStopped) {
            return List.of();
        }
        List<String> reaped = new ArrayList<>();
        for (Domain domain : domains.candidates()) {
            try {
                String name = domain.getName();
                DomainInfo.DomainState state = domain.getInfo().state;
                InstanceMetadata m = isDead(state) && !own.isOwn(name)
                        ? InstanceMetadata.fromDomainXml(Xml.parse(domain.getXMLDesc(0))) : null;
                if (m != null && !warm(m)) {
                    reap(name, "found " + stateName(state));
                    reaped.add(name);
                }
            } catch (LibvirtException e) {
                // gone since listed
            }
        }
        return reaped;
    }

    /** Runs {@link #sweep} every {@code period} until the plugin is closed (no-op when reaping is off). */
    public void sweepEvery(Duration period) {
        if (!reapStopped) {
            return;
        }
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("reap sweep failed: {}", e.getMessage());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reap(String name, String why) {
        InstanceMetadata metadata;
        try {
            metadata = remove(name, "stopped (" + why + ")");
        } catch (PluginException e) {
            if (own.isOwn(name)) {
                return; // removed by a concurrent Destroy or sweep: theirs to report
            }
            log.warn("instance={} reason=reap: {}", name, e.getMessage());
            metadata = null;
        }
        events.notifyChange(InstanceChange.Kind.LOST, name, metadata == null ? Map.of() : metadata.tags(), why);
    }

    private static boolean isDead(DomainInfo.DomainState state) {
        return state == DomainInfo.DomainState.VIR_DOMAIN_SHUTOFF || state == DomainInfo.DomainState.VIR_DOMAIN_CRASHED;
    }

    static String stateName(DomainInfo.DomainState state) {
        return state == null ? "unknown" : state.name().replace("VIR_DOMAIN_", "").toLowerCase();
    }

    static String message(LibvirtException e) {
        return e.getError() != null && e.getError().getMessage() != null ? e.getError().getMessage() : e.toString();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        events.close();
    }
}

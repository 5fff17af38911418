package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.libvirt.InstanceMetadata.VolumeRef;
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
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.Stream;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.DomainEventType;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Instance plugin on libvirt: one instance is one persistent domain named {@code infrakit-XXXXXXXX}
 * whose {@code <metadata>} holds its tags, logical ID and owned volumes. The Init script reaches
 * the guest on a NoCloud {@code cidata} ISO that is uploaded into a storage pool through libvirt's
 * storage API: libvirt owns the file and labels it for qemu, so qemu can always open it.
 */
public final class LibvirtInstancePlugin implements InstancePlugin, InstanceChangeSource, InstanceExec, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LibvirtInstancePlugin.class);
    static final String NAME_PREFIX = "infrakit-";
    private static final int UPLOAD_CHUNK = 256 * 1024;

    private final Connection connection;
    private final ObjectMapper mapper;
    private final PropertiesReader reader;
    private final LibvirtNative natives;
    private final GuestAgent agent;
    private final Clock clock;
    private final boolean reapStopped;
    private final SecureRandom random = new SecureRandom();
    /** Domains being provisioned or destroyed by us: their stop events are ours, not losses. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    /** Domains we removed, with when: libvirt delivers their stop/undefine events after we are done. */
    private final Map<String, java.time.Instant> removed = new ConcurrentHashMap<>();
    private static final Duration REMEMBER_REMOVED = Duration.ofMinutes(2);
    private final List<Consumer<InstanceChange>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService eventWork = Executors.newVirtualThreadPerTaskExecutor();
    private volatile LifecycleListener lifecycle;

    /**
     * @param reapStopped when true a domain of ours that stopped for good (shut down, destroyed,
     *                    crashed) is removed with its volumes and reported lost, so that a group
     *                    controller replaces it; when false it stays, shut off, for a person to look at.
     */
    public LibvirtInstancePlugin(Connect connect, ObjectMapper mapper, Clock clock, boolean reapStopped) {
        this(Connection.fixed(connect), mapper, clock, reapStopped);
    }

    LibvirtInstancePlugin(Connection connection, ObjectMapper mapper, Clock clock, boolean reapStopped) {
        this.connection = connection;
        connection.onReopen(this::resubscribe);
        this.mapper = mapper;
        this.reader = new PropertiesReader(mapper);
        this.natives = new LibvirtNative();
        this.agent = new GuestAgent(mapper);
        this.clock = clock;
        this.reapStopped = reapStopped;
    }

    @Override
    public void validate(JsonNode properties) {
        reader.read(properties);
    }

    @Override
    public String provision(InstanceSpec spec) {
        LibvirtProperties props = reader.read(spec.properties());
        String id = NAME_PREFIX + HexFormat.of().formatHex(randomBytes());
        busy.add(id);
        List<VolumeRef> owned = new ArrayList<>();
        Domain domain = null;
        try {
            List<DomainXml.ExtraDisk> extra = new ArrayList<>();
            if (props.rootDisk() != null) {
                String path = cloneRootDisk(id, props.rootDisk(), owned);
                var target = props.rootDisk().target();
                extra.add(new DomainXml.ExtraDisk("disk", "qcow2", path,
                        target != null && target.dev() != null ? target.dev() : "vda",
                        target != null && target.bus() != null ? target.bus() : "virtio", false));
            }
            if (spec.init() != null && !spec.init().isEmpty()) {
                String hostname = spec.logicalId() != null ? spec.logicalId() : id;
                byte[] iso = new CidataSeed(id, hostname, spec.init()).toIso(clock.instant());
                String path = uploadVolume(props.seedPool(), id + "-cidata.iso", iso, owned);
                extra.add(DomainXml.ExtraDisk.cidata(path, freeSataDev(props)));
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
            busy.remove(id);
        }
    }

    private byte[] randomBytes() {
        byte[] b = new byte[4];
        random.nextBytes(b);
        return b;
    }

    /** The first sdX name no disk of the spec uses, for the cidata cdrom on the SATA bus. */
    private static String freeSataDev(LibvirtProperties props) {
        Set<String> used = new HashSet<>();
        var devices = props.domain().devices();
        if (devices != null) {
            devices.disksOrEmpty().forEach(d -> used.add(d.target().dev()));
        }
        if (props.rootDisk() != null && props.rootDisk().target() != null) {
            used.add(props.rootDisk().target().dev());
        }
        for (char c = 'a'; c <= 'z'; c++) {
            if (!used.contains("sd" + c)) {
                return "sd" + c;
            }
        }
        throw new PluginException("Domain.Devices.Disks: every sdX name is taken; leave one free for the cidata cdrom");
    }

    private String cloneRootDisk(String id, LibvirtProperties.RootDisk spec, List<VolumeRef> owned) throws LibvirtException {
        StoragePool pool = pool(spec.pool(), "RootDisk.Pool");
        StorageVol base;
        try {
            base = pool.storageVolLookupByName(spec.baseVolume());
        } catch (LibvirtException e) {
            throw new PluginException("RootDisk.BaseVolume: no volume '" + spec.baseVolume() + "' in pool '" + spec.pool()
                    + "'; upload the base image first (virsh vol-upload) or fix the name", e);
        }
        Document baseXml = Xml.parse(base.getXMLDesc(0));
        Element format = Xml.first(baseXml.getDocumentElement(), "format");
        String baseFormat = format == null || format.getAttribute("type").isEmpty() ? "raw" : format.getAttribute("type");
        long capacity = base.getInfo().capacity;
        if (spec.capacity() != null) {
            capacity = Math.max(capacity, Units.toBytes(spec.capacity().value(), spec.capacity().unit()));
        }
        String name = id + "-root.qcow2";
        Document doc = Xml.newDocument();
        Element vol = doc.createElement("volume");
        doc.appendChild(vol);
        Xml.text(vol, "name", name);
        Xml.text(vol, "capacity", Long.toString(capacity), "unit", "bytes");
        Xml.child(Xml.child(vol, "target"), "format", "type", "qcow2");
        Element backing = Xml.child(vol, "backingStore");
        Xml.text(backing, "path", base.getPath());
        Xml.child(backing, "format", "type", baseFormat);
        StorageVol clone = pool.storageVolCreateXML(Xml.toString(doc, false), 0);
        owned.add(new VolumeRef(spec.pool(), name));
        return clone.getPath();
    }

    /** Creates a raw volume holding {@code content} through libvirt's storage API; returns its path. */
    private String uploadVolume(String poolName, String name, byte[] content, List<VolumeRef> owned) throws LibvirtException {
        StoragePool pool = pool(poolName, "MetadataStoragePool");
        Document doc = Xml.newDocument();
        Element vol = doc.createElement("volume");
        doc.appendChild(vol);
        Xml.text(vol, "name", name);
        Xml.text(vol, "capacity", Long.toString(content.length), "unit", "bytes");
        Xml.child(Xml.child(vol, "target"), "format", "type", "raw");
        StorageVol created = pool.storageVolCreateXML(Xml.toString(doc, false), 0);
        owned.add(new VolumeRef(poolName, name));
        Stream stream = connection.get().streamNew(0);
        try {
            natives.upload(created, stream, content.length);
        } catch (LibvirtException e) {
            stream.free();
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_SUPPORT && isTestDriver()) {
                // libvirt's test driver keeps no volume data at all; there is nothing to write to.
                log.debug("test driver: volume {} left empty (uploads are not supported there)", name);
                return created.getPath();
            }
            throw e;
        }
        try {
            for (int at = 0; at < content.length; ) {
                int n = Math.min(UPLOAD_CHUNK, content.length - at);
                int sent = stream.send(java.util.Arrays.copyOfRange(content, at, at + n));
                if (sent <= 0) {
                    throw new PluginException("uploading " + name + " into pool " + poolName + ": libvirt accepted no data");
                }
                at += sent;
            }
            stream.finish();
        } catch (LibvirtException | RuntimeException e) {
            stream.abort();
            throw e;
        } finally {
            stream.free();
        }
        return created.getPath();
    }

    private boolean isTestDriver() {
        try {
            return "TEST".equalsIgnoreCase(connection.get().getType());
        } catch (LibvirtException e) {
            return false;
        }
    }

    private StoragePool pool(String name, String field) {
        try {
            StoragePool pool = connection.get().storagePoolLookupByName(name);
            if (pool.isActive() == 0) {
                throw new PluginException(field + ": storage pool '" + name + "' is not running; start it (virsh pool-start " + name + ")");
            }
            return pool;
        } catch (LibvirtException e) {
            throw new PluginException(field + ": no storage pool '" + name + "' on " + uri()
                    + "; create it (virsh pool-define-as " + name + " dir --target /var/lib/libvirt/images; virsh pool-start " + name + ") or name another", e);
        }
    }

    private void rollback(String id, Domain domain, List<VolumeRef> owned) {
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
        deleteVolumes(id, owned);
    }

    private void rememberRemoved(String name) {
        java.time.Instant now = clock.instant();
        removed.put(name, now);
        removed.values().removeIf(t -> t.isBefore(now.minus(REMEMBER_REMOVED)));
    }

    private boolean ignoreEventsFor(String name) {
        return busy.contains(name) || removed.containsKey(name);
    }

    private void deleteVolumes(String id, List<VolumeRef> volumes) {
        for (VolumeRef v : volumes) {
            try {
                connection.get().storagePoolLookupByName(v.pool()).storageVolLookupByName(v.name()).delete(0);
            } catch (LibvirtException e) {
                if (e.getError().getCode() != ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
                    log.warn("instance={}: cannot delete volume {}/{}: {}", id, v.pool(), v.name(), message(e));
                }
            }
        }
    }

    @Override
    public void label(String instanceId, Map<String, String> labels) {
        Domain domain = lookup(instanceId);
        try {
            InstanceMetadata metadata = ours(instanceId, Xml.parse(domain.getXMLDesc(0)));
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
        busy.add(instanceId);
        try {
            Domain domain = lookup(instanceId);
            InstanceMetadata metadata = ours(instanceId, Xml.parse(domain.getXMLDesc(0)));
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
            rememberRemoved(instanceId);
            deleteVolumes(instanceId, metadata.volumes());
            log.info("destroyed instance={} group={} reason={}", instanceId, metadata.tags().get(Tags.GROUP), reason);
            return metadata;
        } catch (LibvirtException e) {
            throw new PluginException("destroying " + instanceId + " failed: " + message(e), e);
        } finally {
            busy.remove(instanceId);
        }
    }

    @Override
    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        List<InstanceDescription> result = new ArrayList<>();
        for (Domain domain : ourCandidates()) {
            try {
                Document xml = Xml.parse(domain.getXMLDesc(0));
                InstanceMetadata metadata = InstanceMetadata.fromDomainXml(xml);
                if (metadata == null || !Tags.containsAll(metadata.tags(), tags)) {
                    continue;
                }
                String name = domain.getName();
                DomainInfo.DomainState state = domain.getInfo().state;
                if (reapStopped && isDead(state) && !busy.contains(name)) {
                    reap(name, "found " + stateName(state));
                    continue;
                }
                JsonNode props = properties ? mapper.valueToTree(status(domain, xml, metadata, state)) : null;
                result.add(new InstanceDescription(name, metadata.logicalId(), metadata.tags(), props));
            } catch (LibvirtException e) {
                if (e.getError().getCode() != ErrorNumber.VIR_ERR_NO_DOMAIN) { // gone since listed: not an error
                    throw new PluginException("describing instances failed: " + message(e), e);
                }
            }
        }
        return result;
    }

    /** Every domain whose name has our prefix; the metadata decides whether it is really ours. */
    private List<Domain> ourCandidates() {
        List<Domain> domains = new ArrayList<>();
        try {
            for (int domainId : connection.get().listDomains()) {
                try {
                    Domain d = connection.get().domainLookupByID(domainId);
                    if (d.getName().startsWith(NAME_PREFIX)) {
                        domains.add(d);
                    }
                } catch (LibvirtException e) {
                    // stopped since listed
                }
            }
            for (String name : connection.get().listDefinedDomains()) {
                if (name.startsWith(NAME_PREFIX)) {
                    try {
                        domains.add(connection.get().domainLookupByName(name));
                    } catch (LibvirtException e) {
                        // undefined since listed
                    }
                }
            }
        } catch (LibvirtException e) {
            throw new PluginException("listing domains on " + uri() + " failed: " + message(e), e);
        }
        return domains;
    }

    private DomainStatus status(Domain domain, Document xml, InstanceMetadata metadata, DomainInfo.DomainState state) throws LibvirtException {
        DomainInfo info = domain.getInfo();
        // A console that shares the serial port repeats its <log>: keep each file once.
        Set<String> logs = new java.util.LinkedHashSet<>();
        NodeList logNodes = xml.getElementsByTagName("log");
        for (int i = 0; i < logNodes.getLength(); i++) {
            logs.add(((Element) logNodes.item(i)).getAttribute("file"));
        }
        NodeList serials = xml.getElementsByTagName("serial");
        for (int i = 0; i < serials.getLength(); i++) {
            Element s = (Element) serials.item(i);
            Element source = Xml.first(s, "source");
            if ("file".equals(s.getAttribute("type")) && source != null) {
                logs.add(source.getAttribute("path"));
            }
        }
        return new DomainStatus(domain.getName(), domain.getUUIDString(), xml.getDocumentElement().getAttribute("type"),
                stateName(state), info.memory, info.nrVirtCpu, metadata.volumes(), logs.isEmpty() ? null : List.copyOf(logs));
    }

    @Override
    public ExecResult exec(String instanceId, List<String> command, Duration timeout) {
        Domain domain = lookup(instanceId);
        try {
            ours(instanceId, Xml.parse(domain.getXMLDesc(0)));
            ExecResult result = agent.exec(domain, instanceId, command, timeout);
            log.info("exec instance={} reason=exec command={} exit={}", instanceId, command.get(0), result.exitCode());
            return result;
        } catch (LibvirtException e) {
            throw new PluginException("exec on " + instanceId + " failed: " + message(e), e);
        }
    }

    /** Domain events are subscribed to while someone watches; polls (DescribeInstances) reap without them. */
    @Override
    public synchronized AutoCloseable watch(Consumer<InstanceChange> listener) {
        if (lifecycle == null) {
            LifecycleListener l = this::onLifecycle;
            try {
                connection.get().addLifecycleListener(l);
            } catch (LibvirtException e) {
                throw new PluginException("cannot watch domain events on " + uri() + ": " + message(e), e);
            }
            lifecycle = l;
        }
        listeners.add(listener);
        return () -> unwatch(listener);
    }

    private synchronized void unwatch(Consumer<InstanceChange> listener) {
        listeners.remove(listener);
        if (listeners.isEmpty()) {
            stopEvents();
        }
    }

    /** After a reconnect the old subscription is gone with the old connection. */
    private synchronized void resubscribe(Connect fresh) {
        if (lifecycle != null) {
            try {
                fresh.addLifecycleListener(lifecycle);
            } catch (LibvirtException e) {
                log.warn("cannot watch domain events again after reconnecting: {}", message(e));
            }
        }
    }

    private synchronized void stopEvents() {
        LifecycleListener l = lifecycle;
        lifecycle = null;
        if (l != null) {
            try {
                connection.get().removeLifecycleListener(l);
            } catch (LibvirtException e) {
                log.debug("removing lifecycle listener: {}", message(e));
            }
        }
    }

    /** Runs on libvirt's event loop thread: hand the work to a virtual thread and return at once. */
    private int onLifecycle(Domain domain, DomainEvent event) {
        final String name;
        try {
            name = domain.getName();
        } catch (LibvirtException e) {
            return 0;
        }
        if (!name.startsWith(NAME_PREFIX) || ignoreEventsFor(name)) {
            return 0;
        }
        DomainEventType type = event.getType();
        String detail = type.name().toLowerCase() + ": " + String.valueOf((Object) event.getDetail()).toLowerCase();
        eventWork.execute(() -> handle(name, type, detail));
        return 0;
    }

    private void handle(String name, DomainEventType type, String detail) {
        if (ignoreEventsFor(name)) {
            return;
        }
        if (type == DomainEventType.STOPPED || type == DomainEventType.CRASHED) {
            if (reapStopped) {
                reap(name, detail);
            } else {
                notifyChange(InstanceChange.Kind.LOST, name, tagsOf(name), detail);
            }
        } else if (type == DomainEventType.UNDEFINED) {
            notifyChange(InstanceChange.Kind.LOST, name, Map.of(), detail);
        } else if (type == DomainEventType.STARTED || type == DomainEventType.SUSPENDED || type == DomainEventType.RESUMED) {
            notifyChange(InstanceChange.Kind.CHANGED, name, tagsOf(name), detail);
        }
    }

    private void reap(String name, String why) {
        InstanceMetadata metadata;
        try {
            metadata = remove(name, "stopped (" + why + ")");
        } catch (PluginException e) {
            if (ignoreEventsFor(name)) {
                return; // removed by a concurrent Destroy or poll: theirs to report
            }
            log.warn("instance={} reason=reap: {}", name, e.getMessage());
            metadata = null;
        }
        notifyChange(InstanceChange.Kind.LOST, name, metadata == null ? Map.of() : metadata.tags(), why);
    }

    private Map<String, String> tagsOf(String name) {
        try {
            InstanceMetadata m = InstanceMetadata.fromDomainXml(Xml.parse(connection.get().domainLookupByName(name).getXMLDesc(0)));
            return m == null ? Map.of() : m.tags();
        } catch (LibvirtException e) {
            return Map.of();
        }
    }

    private void notifyChange(InstanceChange.Kind kind, String name, Map<String, String> tags, String detail) {
        InstanceChange change = new InstanceChange(kind, name, tags, detail);
        for (Consumer<InstanceChange> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                log.warn("instance change listener failed on {}: {}", change, e.toString());
            }
        }
    }

    private Domain lookup(String instanceId) {
        try {
            return connection.get().domainLookupByName(instanceId);
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                throw new PluginException("no instance '" + instanceId + "' on " + uri() + " (infrakit instance describe --plugin libvirt lists them)", e);
            }
            throw new PluginException("looking up " + instanceId + " failed: " + message(e), e);
        }
    }

    /** Refuses to touch a domain that InfraKit did not create. */
    private static InstanceMetadata ours(String instanceId, Document xml) {
        InstanceMetadata metadata = InstanceMetadata.fromDomainXml(xml);
        if (metadata == null) {
            throw new PluginException("domain '" + instanceId + "' was not created by InfraKit (no " + InstanceMetadata.NAMESPACE
                    + " metadata); refusing to touch it");
        }
        return metadata;
    }

    private static boolean isDead(DomainInfo.DomainState state) {
        return state == DomainInfo.DomainState.VIR_DOMAIN_SHUTOFF || state == DomainInfo.DomainState.VIR_DOMAIN_CRASHED;
    }

    static String stateName(DomainInfo.DomainState state) {
        return state == null ? "unknown" : state.name().replace("VIR_DOMAIN_", "").toLowerCase();
    }

    private String uri() {
        try {
            return connection.get().getURI();
        } catch (LibvirtException e) {
            return "libvirt";
        }
    }

    static String message(LibvirtException e) {
        return e.getError() != null && e.getError().getMessage() != null ? e.getError().getMessage() : e.toString();
    }

    @Override
    public void close() {
        listeners.clear();
        stopEvents();
        eventWork.close();
    }
}

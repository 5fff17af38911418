package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A deployment's template output on libvirt: the guest is shut down (ACPI, then forced after
 * {@link #SHUTDOWN_WAIT}) and its root disk copied to a new, self-contained volume (libvirt's
 * vol-create-from: the backing chain is read through, so the copy does not depend on the base),
 * which later instances name in {@code RootDisk.BaseVolume}. Properties: {@code Volume}
 * (required), {@code Pool} (default: the root disk's pool), {@code Format} (qcow2 or raw, default qcow2).
 */
final class DiskTemplates {
    private static final Logger log = LoggerFactory.getLogger(DiskTemplates.class);
    static final Duration SHUTDOWN_WAIT = Duration.ofMinutes(2);
    private static final Set<String> FIELDS = Set.of("Volume", "Pool", "Format");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final Connection connection;
    private final OurDomains domains;

    DiskTemplates(Connection connection, OurDomains domains) {
        this.connection = connection;
        this.domains = domains;
    }

    String copyRootDisk(String instanceId, JsonNode properties) {
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new PluginException("template property '" + f + "' is unknown: libvirt templates take Volume, Pool and Format");
            }
        }
        String volume = properties.path("Volume").asText("");
        if (!NAME.matcher(volume).matches()) {
            throw new PluginException("template property 'Volume' is '" + volume + "': give the new volume's name, e.g. base-built.qcow2");
        }
        String format = properties.path("Format").asText("qcow2");
        if (!format.equals("qcow2") && !format.equals("raw")) {
            throw new PluginException("template property 'Format' is '" + format + "': use qcow2 or raw");
        }
        Domain domain = domains.lookup(instanceId);
        try {
            InstanceMetadata meta = OurDomains.ours(instanceId, Xml.parse(domain.getXMLDesc(0)));
            InstanceMetadata.VolumeRef root = meta.volumes().stream().filter(v -> v.name().equals(instanceId + "-root.qcow2"))
                    .findFirst().orElseThrow(() -> new PluginException("instance " + instanceId
                            + " has no root disk cloned from RootDisk.BaseVolume: a template is a copy of that disk, so give RootDisk in its properties"));
            String poolName = properties.path("Pool").asText(root.pool());
            StoragePool pool = connection.get().storagePoolLookupByName(poolName);
            if (exists(pool, volume)) {
                throw new PluginException("template volume '" + volume + "' already exists in pool '" + poolName
                        + "': choose another name or delete it (virsh vol-delete " + volume + " --pool " + poolName + ")");
            }
            shutDown(instanceId, domain);
            StorageVol source = connection.get().storagePoolLookupByName(root.pool()).storageVolLookupByName(root.name());
            Document doc = Xml.newDocument();
            Element vol = doc.createElement("volume");
            doc.appendChild(vol);
            Xml.text(vol, "name", volume);
            Xml.text(vol, "capacity", Long.toString(source.getInfo().capacity), "unit", "bytes");
            Xml.child(Xml.child(vol, "target"), "format", "type", format);
            pool.storageVolCreateXMLFrom(Xml.toString(doc, false), source, 0);
            log.info("template instance={} volume={} pool={} from={}", instanceId, volume, poolName, root.name());
            return volume;
        } catch (LibvirtException e) {
            throw new PluginException("making template volume '" + volume + "' of " + instanceId + " failed: "
                    + LibvirtInstancePlugin.message(e), e);
        }
    }

    private static boolean exists(StoragePool pool, String name) throws LibvirtException {
        for (String v : pool.listVolumes()) {
            if (v.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** A clean shutdown keeps the file system consistent; a guest that ignores it is powered off. */
    private static void shutDown(String instanceId, Domain domain) throws LibvirtException {
        if (domain.isActive() == 0) {
            return;
        }
        domain.shutdown();
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        while (domain.isActive() == 1 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginException("interrupted while shutting " + instanceId + " down for its template");
            }
        }
        if (domain.isActive() == 1) {
            log.warn("template instance={}: no clean shutdown within {}; powering it off", instanceId, SHUTDOWN_WAIT);
            domain.destroy();
        }
    }
}

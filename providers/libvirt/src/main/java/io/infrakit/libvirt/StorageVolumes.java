package io.infrakit.libvirt;

import io.infrakit.libvirt.InstanceMetadata.VolumeRef;
import io.infrakit.spi.PluginException;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.Arrays;
import java.util.List;

/**
 * The volumes an instance owns, made and removed through libvirt's storage API: a copy-on-write
 * clone of a base image for the root disk, and uploaded content (the cidata seed). libvirt owns
 * the files and labels them for qemu, so qemu can always open them. Each volume made is added to
 * the caller's list, so a failed provision can remove what it made.
 */
final class StorageVolumes {

    private static final Logger log = LoggerFactory.getLogger(StorageVolumes.class);
    private static final int UPLOAD_CHUNK = 256 * 1024;

    private final Connection connection;
    private final LibvirtNative natives;

    StorageVolumes(Connection connection, LibvirtNative natives) {
        this.connection = connection;
        this.natives = natives;
    }

    /** Creates {@code ID-root.qcow2} backed by the spec's base volume; returns its path. */
    String cloneRootDisk(String id, LibvirtProperties.RootDisk spec, List<VolumeRef> owned) throws LibvirtException {
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
    String uploadVolume(String poolName, String name, byte[] content, List<VolumeRef> owned) throws LibvirtException {
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
                int sent = stream.send(Arrays.copyOfRange(content, at, at + n));
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

    /** Deletes the volumes; one already gone is fine, another failure is logged and the rest still go. */
    void deleteVolumes(String id, List<VolumeRef> volumes) {
        for (VolumeRef v : volumes) {
            try {
                connection.get().storagePoolLookupByName(v.pool()).storageVolLookupByName(v.name()).delete(0);
            } catch (LibvirtException e) {
                if (e.getError().getCode() != ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
                    log.warn("instance={}: cannot delete volume {}/{}: {}", id, v.pool(), v.name(), LibvirtInstancePlugin.message(e));
                }
            }
        }
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
            throw new PluginException(field + ": no storage pool '" + name + "' on " + connection.uri()
                    + "; create it (virsh pool-define-as " + name + " dir --target /var/lib/libvirt/images; virsh pool-start " + name + ") or name another", e);
        }
    }
}

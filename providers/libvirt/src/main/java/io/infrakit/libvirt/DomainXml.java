package io.infrakit.libvirt;

import io.infrakit.libvirt.LibvirtProperties.Channel;
import io.infrakit.libvirt.LibvirtProperties.Console;
import io.infrakit.libvirt.LibvirtProperties.Devices;
import io.infrakit.libvirt.LibvirtProperties.Disk;
import io.infrakit.libvirt.LibvirtProperties.Domain;
import io.infrakit.libvirt.LibvirtProperties.Interface;
import io.infrakit.libvirt.LibvirtProperties.Serial;
import io.infrakit.spi.PluginException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.infrakit.libvirt.Xml.child;
import static io.infrakit.libvirt.Xml.text;

/**
 * Renders libvirt domain XML from the spec's {@code Domain}, plus the disks the plugin adds
 * itself (the root-disk clone and the cidata seed) and its metadata. Built as a DOM tree, so names,
 * paths and tag values are escaped whatever they contain.
 */
public final class DomainXml {

    /** A disk the plugin adds: a file-backed disk or cdrom. */
    public record ExtraDisk(String device, String format, String path, String targetDev, String bus, boolean readOnly) {

        public static ExtraDisk cidata(String path, String targetDev) {
            return new ExtraDisk("cdrom", "raw", path, targetDev, "sata", true);
        }
    }

    /** Replaced by the instance ID in file paths of character devices, so that each VM gets its own log. */
    public static final String ID_PLACEHOLDER = "{{.ID}}";

    private DomainXml() {
    }

    public static String render(String name, Domain d, InstanceMetadata metadata, List<ExtraDisk> extraDisks) {
        Document doc = Xml.newDocument();
        Element domain = doc.createElement("domain");
        doc.appendChild(domain);
        domain.setAttribute("type", d.type());
        text(domain, "name", name);
        Element meta = child(domain, "metadata");
        metadata.appendTo(doc, meta);

        text(domain, "memory", Long.toString(d.memory().value()), "unit", unit(d.memory().unit()));
        int vcpus = d.vcpu() == null || d.vcpu().value() == null ? 1 : d.vcpu().value();
        text(domain, "vcpu", Integer.toString(vcpus), "placement", d.vcpu() == null ? null : d.vcpu().placement());

        Element os = child(domain, "os");
        var spec = d.os();
        var type = spec == null ? null : spec.type();
        text(os, "type", type == null || type.type() == null ? "hvm" : type.type(),
                "arch", type == null ? null : type.arch(), "machine", type == null ? null : type.machine());
        if (spec != null) {
            if (spec.kernel() != null) {
                text(os, "kernel", spec.kernel());
            }
            if (spec.initrd() != null) {
                text(os, "initrd", spec.initrd());
            }
            if (spec.kernelArgs() != null) {
                text(os, "cmdline", spec.kernelArgs());
            }
            if (spec.boot() != null) {
                spec.boot().forEach(b -> child(os, "boot", "dev", b.dev()));
            }
            if (spec.bios() != null) {
                child(os, "bios", "useserial", yesNo(spec.bios().useSerial()), "rebootTimeout", spec.bios().rebootTimeout());
            }
        }
        if (d.features() != null && !d.features().isEmpty()) {
            Element features = child(domain, "features");
            d.features().forEach(f -> child(features, f));
        }
        if (d.onPoweroff() != null) {
            text(domain, "on_poweroff", d.onPoweroff());
        }
        if (d.onReboot() != null) {
            text(domain, "on_reboot", d.onReboot());
        }
        if (d.onCrash() != null) {
            text(domain, "on_crash", d.onCrash());
        }

        Element devices = child(domain, "devices");
        Devices dev = d.devices() == null ? Devices.NONE : d.devices();
        for (Disk disk : dev.disksOrEmpty()) {
            disk(devices, disk);
        }
        for (ExtraDisk extra : extraDisks) {
            Element e = child(devices, "disk", "type", "file", "device", extra.device());
            child(e, "driver", "name", "qemu", "type", extra.format());
            child(e, "source", "file", extra.path());
            child(e, "target", "dev", extra.targetDev(), "bus", extra.bus());
            if (extra.readOnly()) {
                child(e, "readonly");
            }
        }
        for (Interface nic : dev.interfacesOrEmpty()) {
            Element e = child(devices, "interface", "type", nic.type());
            if (nic.source() != null && (nic.source().bridge() != null || nic.source().network() != null)) {
                child(e, "source", "bridge", nic.source().bridge(), "network", nic.source().network());
            }
            if (nic.model() != null && nic.model().type() != null) {
                child(e, "model", "type", nic.model().type());
            }
        }
        int port = 0;
        for (Serial serial : dev.serialsOrEmpty()) {
            Element e = child(devices, "serial", "type", serial.type());
            charSource(e, serial.type(), serial.source(), name);
            int p = serial.target() != null && serial.target().port() != null ? serial.target().port() : port;
            child(e, "target", "port", Integer.toString(p));
            port = p + 1;
            if (serial.log() != null) {
                child(e, "log", "file", withId(serial.log().file(), name),
                        "append", serial.log().append() == null ? null : serial.log().append() ? "on" : "off");
            }
        }
        for (Console console : dev.consolesOrEmpty()) {
            Element e = child(devices, "console", "type", console.type());
            charSource(e, console.type(), console.source(), name);
            var t = console.target();
            if (t != null) {
                String p = t.port() != null ? t.port().toString() : t.name();
                child(e, "target", "type", t.type(), "port", p);
            }
        }
        for (Channel channel : dev.channelsOrEmpty()) {
            Element e = child(devices, "channel", "type", channel.type());
            if ("unix".equals(channel.type())) {
                // Without a path libvirt picks one under its own directory (and labels it for qemu).
                child(e, "source", "mode", channel.source() == null || channel.source().mode() == null ? "bind" : channel.source().mode(),
                        "path", channel.source() == null ? null : channel.source().path());
            }
            child(e, "target", "type", channel.target().type(), "name", channel.target().name());
        }
        return Xml.toString(doc, true);
    }

    /** The first sdX name no disk of the spec uses, for the cidata cdrom on the SATA bus. */
    static String freeSataDev(LibvirtProperties props) {
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

    private static void disk(Element devices, Disk disk) {
        String device = disk.device() == null ? "disk" : disk.device();
        Element e = child(devices, "disk", "type", disk.type(), "device", device);
        if (disk.driver() != null) {
            child(e, "driver", "name", disk.driver().name() == null ? "qemu" : disk.driver().name(), "type", disk.driver().type());
        }
        var src = disk.source();
        if (src != null) {
            switch (disk.type()) {
                case "file" -> child(e, "source", "file", src.file());
                case "block" -> child(e, "source", "dev", src.dev());
                case "volume" -> child(e, "source", "pool", src.pool(), "volume", src.volume());
                default -> { }
            }
        }
        child(e, "target", "dev", disk.target().dev(), "bus", disk.target().bus());
        if (Boolean.TRUE.equals(disk.readOnly()) || "cdrom".equals(device)) {
            child(e, "readonly");
        }
    }

    private static void charSource(Element e, String type, LibvirtProperties.CharSource source, String name) {
        if (source != null && source.path() != null) {
            child(e, "source", "path", withId(source.path(), name), "mode", "unix".equals(type) ? source.mode() : null);
        }
    }

    private static String withId(String path, String name) {
        return path == null ? null : path.replace(ID_PLACEHOLDER, name);
    }

    private static String yesNo(String value) {
        return "true".equals(value) ? "yes" : "false".equals(value) ? "no" : value;
    }

    static String unit(String unit) {
        return unit == null ? "KiB" : unit;
    }
}

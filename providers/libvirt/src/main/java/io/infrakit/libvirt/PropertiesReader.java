package io.infrakit.libvirt;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.infrakit.spi.PluginException;
import io.infrakit.libvirt.LibvirtProperties.Channel;
import io.infrakit.libvirt.LibvirtProperties.Console;
import io.infrakit.libvirt.LibvirtProperties.Devices;
import io.infrakit.libvirt.LibvirtProperties.Disk;
import io.infrakit.libvirt.LibvirtProperties.Domain;
import io.infrakit.libvirt.LibvirtProperties.Interface;
import io.infrakit.libvirt.LibvirtProperties.Memory;
import io.infrakit.libvirt.LibvirtProperties.Serial;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the opaque {@code Properties} into {@link LibvirtProperties} and checks them. Every error
 * names the field by its path in the spec ({@code Domain.Devices.Interfaces[0].Model}), the value
 * and what would be accepted; nothing is provisioned from properties that fail here.
 */
public final class PropertiesReader {

    static final Set<String> DOMAIN_TYPES = Set.of("kvm", "qemu", "test", "xen", "lxc", "hvf");
    static final Set<String> UNITS = Set.of("b", "bytes", "KB", "k", "KiB", "MB", "M", "MiB", "GB", "G", "GiB", "TB", "T", "TiB");
    static final Set<String> OS_TYPES = Set.of("hvm", "linux", "xen", "exe");
    static final Set<String> BOOT_DEVS = Set.of("hd", "cdrom", "network", "fd");
    static final Set<String> DISK_TYPES = Set.of("file", "block", "volume");
    static final Set<String> DISK_DEVICES = Set.of("disk", "cdrom", "floppy", "lun");
    static final Set<String> DISK_BUSES = Set.of("virtio", "sata", "scsi", "ide", "usb", "fdc");
    static final Set<String> INTERFACE_TYPES = Set.of("bridge", "network", "user");
    static final Set<String> CHAR_TYPES = Set.of("pty", "file", "unix", "null", "stdio", "vc");
    static final Set<String> CONSOLE_TARGETS = Set.of("serial", "virtio");
    static final Set<String> CHANNEL_TARGETS = Set.of("virtio");
    static final Set<String> ON_EVENT = Set.of("destroy", "restart", "preserve", "rename-restart");
    static final Set<String> ON_CRASH = Set.of("destroy", "restart", "preserve", "rename-restart", "coredump-destroy", "coredump-restart");
    // YAML 1.1 reads an unquoted yes as true; accept both spellings.
    /** libvirt's domain features that are an empty element ({@code <acpi/>}). */
    static final Set<String> FEATURES = Set.of("acpi", "apic", "pae", "hap", "viridian", "privnet", "pmu");
    static final Set<String> YES_NO = Set.of("yes", "no", "true", "false");

    private final ObjectMapper mapper;

    public PropertiesReader(ObjectMapper mapper) {
        this.mapper = mapper.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /** Reads and checks; throws {@link PluginException} listing every problem found. */
    public LibvirtProperties read(JsonNode properties) {
        if (properties == null || properties.isNull() || properties.isMissingNode()) {
            throw new PluginException("libvirt Properties are missing: give at least Domain.Type and Domain.Memory (see examples/libvirt/instance.yml)");
        }
        if (!properties.isObject()) {
            throw new PluginException("libvirt Properties must be an object with MetadataStoragePool, RootDisk and Domain, not " + properties.getNodeType());
        }
        LibvirtProperties parsed;
        try {
            parsed = mapper.treeToValue(properties, LibvirtProperties.class);
        } catch (JsonProcessingException e) {
            throw new PluginException("invalid libvirt Properties: " + describe(e), e);
        }
        List<String> errors = check(parsed);
        if (!errors.isEmpty()) {
            throw new PluginException("invalid libvirt Properties: " + String.join("; ", errors));
        }
        return parsed;
    }

    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "Properties" : out.toString();
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return path(u) + ": unknown field; known: " + knownFields(u.getReferringClass());
        }
        if (e instanceof InvalidFormatException f) {
            return path(f) + ": '" + f.getValue() + "' is not a valid " + typeName(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m) {
            return path(m) + ": expected " + typeName(m.getTargetType());
        }
        if (e instanceof JsonMappingException m) {
            return path(m) + ": " + m.getOriginalMessage();
        }
        return e.getOriginalMessage();
    }

    /** The JSON names of a record's fields, in declaration order (Jackson's own list is unordered). */
    static String knownFields(Class<?> type) {
        if (type != null && type.isRecord()) {
            return Arrays.stream(type.getRecordComponents())
                    .map(PropertiesReader::jsonName)
                    .collect(Collectors.joining(", "));
        }
        return "?";
    }

    private static String jsonName(RecordComponent c) {
        JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
        if (p == null) {
            p = c.getAnnotation(JsonProperty.class);
        }
        return p != null ? p.value() : c.getName();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean (true or false)";
        }
        if (type == String.class) {
            return "string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "list";
        }
        if (type.isRecord()) {
            return "object with fields " + knownFields(type);
        }
        return type.getSimpleName();
    }

    /** Checks values and required fields; returns one line per problem. */
    static List<String> check(LibvirtProperties p) {
        List<String> errors = new ArrayList<>();
        Domain d = p.domain();
        if (d == null) {
            errors.add("Domain: missing; give at least Domain.Type (e.g. kvm, or qemu for software emulation) and Domain.Memory");
            return errors;
        }
        oneOf(errors, "Domain.Type", d.type(), DOMAIN_TYPES, true);
        if (d.memory() == null) {
            errors.add("Domain.Memory: missing; e.g. {Unit: MiB, Value: 512}");
        } else {
            amount(errors, "Domain.Memory", d.memory());
        }
        if (d.vcpu() != null) {
            if (d.vcpu().value() == null || d.vcpu().value() < 1) {
                errors.add("Domain.VCPU.Value: '" + d.vcpu().value() + "' must be a whole number >= 1");
            }
            oneOf(errors, "Domain.VCPU.Placement", d.vcpu().placement(), Set.of("static", "auto"), false);
        }
        if (d.os() != null) {
            var os = d.os();
            if (os.type() != null) {
                oneOf(errors, "Domain.OS.Type.Type", os.type().type(), OS_TYPES, false);
            }
            absolute(errors, "Domain.OS.Kernel", os.kernel());
            absolute(errors, "Domain.OS.Initrd", os.initrd());
            if (os.kernelArgs() != null && os.kernel() == null) {
                errors.add("Domain.OS.KernelArgs: given without Domain.OS.Kernel; kernel arguments need a kernel to boot directly");
            }
            if (os.bios() != null) {
                oneOf(errors, "Domain.OS.BIOS.UseSerial", os.bios().useSerial(), YES_NO, false);
                if (os.bios().rebootTimeout() != null && !os.bios().rebootTimeout().matches("-?\\d{1,5}")) {
                    errors.add("Domain.OS.BIOS.RebootTimeout: '" + os.bios().rebootTimeout() + "' must be milliseconds (-1 to 65535)");
                }
            }
            if (os.boot() != null) {
                for (int i = 0; i < os.boot().size(); i++) {
                    oneOf(errors, "Domain.OS.Boot[" + i + "].Dev", os.boot().get(i) == null ? null : os.boot().get(i).dev(), BOOT_DEVS, true);
                }
            }
        }
        if (d.features() != null) {
            for (int i = 0; i < d.features().size(); i++) {
                oneOf(errors, "Domain.Features[" + i + "]", d.features().get(i), FEATURES, true);
            }
        }
        checkDevices(errors, d.devices() == null ? Devices.NONE : d.devices());
        oneOf(errors, "Domain.OnCrash", d.onCrash(), ON_CRASH, false);
        oneOf(errors, "Domain.OnPoweroff", d.onPoweroff(), ON_EVENT, false);
        oneOf(errors, "Domain.OnReboot", d.onReboot(), ON_EVENT, false);
        if (p.rootDisk() != null) {
            var r = p.rootDisk();
            required(errors, "RootDisk.Pool", r.pool(), "the storage pool holding the base image, e.g. default");
            required(errors, "RootDisk.BaseVolume", r.baseVolume(), "the volume to clone, e.g. debian-12.qcow2");
            if (r.capacity() != null) {
                amount(errors, "RootDisk.Capacity", r.capacity());
            }
            if (r.target() != null) {
                oneOf(errors, "RootDisk.Target.Bus", r.target().bus(), DISK_BUSES, false);
            }
        }
        if (p.metadataStoragePool() != null && p.metadataStoragePool().isBlank()) {
            errors.add("MetadataStoragePool: empty; name a storage pool (e.g. default) or leave the field out");
        }
        return errors;
    }

    private static void checkDevices(List<String> errors, Devices devices) {
        for (int i = 0; i < devices.disksOrEmpty().size(); i++) {
            String at = "Domain.Devices.Disks[" + i + "]";
            Disk disk = devices.disksOrEmpty().get(i);
            if (disk == null) {
                errors.add(at + ": empty");
                continue;
            }
            oneOf(errors, at + ".Type", disk.type(), DISK_TYPES, true);
            oneOf(errors, at + ".Device", disk.device(), DISK_DEVICES, false);
            if (disk.target() == null || disk.target().dev() == null || disk.target().dev().isBlank()) {
                errors.add(at + ".Target.Dev: missing; e.g. vdb");
            } else {
                oneOf(errors, at + ".Target.Bus", disk.target().bus(), DISK_BUSES, false);
            }
            var src = disk.source();
            if ("file".equals(disk.type())) {
                if (src == null || src.file() == null) {
                    errors.add(at + ".Source.File: missing; a disk of Type file needs the image path");
                } else {
                    absolute(errors, at + ".Source.File", src.file());
                }
            } else if ("block".equals(disk.type())) {
                if (src == null || src.dev() == null) {
                    errors.add(at + ".Source.Dev: missing; a disk of Type block needs the device path");
                }
            } else if ("volume".equals(disk.type())) {
                if (src == null || src.pool() == null || src.volume() == null) {
                    errors.add(at + ".Source: a disk of Type volume needs Pool and Volume");
                }
            }
        }
        for (int i = 0; i < devices.interfacesOrEmpty().size(); i++) {
            String at = "Domain.Devices.Interfaces[" + i + "]";
            Interface nic = devices.interfacesOrEmpty().get(i);
            if (nic == null) {
                errors.add(at + ": empty");
                continue;
            }
            oneOf(errors, at + ".Type", nic.type(), INTERFACE_TYPES, true);
            if ("bridge".equals(nic.type()) && (nic.source() == null || nic.source().bridge() == null)) {
                errors.add(at + ".Source.Bridge: missing; an interface of Type bridge needs the host bridge, e.g. virbr0");
            }
            if ("network".equals(nic.type()) && (nic.source() == null || nic.source().network() == null)) {
                errors.add(at + ".Source.Network: missing; an interface of Type network needs a libvirt network, e.g. default");
            }
        }
        for (int i = 0; i < devices.serialsOrEmpty().size(); i++) {
            String at = "Domain.Devices.Serials[" + i + "]";
            Serial serial = devices.serialsOrEmpty().get(i);
            if (serial == null) {
                errors.add(at + ": empty");
                continue;
            }
            charDevice(errors, at, serial.type(), serial.source());
            if (serial.log() != null) {
                absolute(errors, at + ".Log.File", serial.log().file());
                required(errors, at + ".Log.File", serial.log().file(), "an absolute path for the console log");
            }
        }
        for (int i = 0; i < devices.consolesOrEmpty().size(); i++) {
            String at = "Domain.Devices.Consoles[" + i + "]";
            Console console = devices.consolesOrEmpty().get(i);
            if (console == null) {
                errors.add(at + ": empty");
                continue;
            }
            charDevice(errors, at, console.type(), console.source());
            if (console.target() != null) {
                oneOf(errors, at + ".Target.Type", console.target().type(), CONSOLE_TARGETS, false);
                if (console.target().name() != null && !console.target().name().matches("\\d+")) {
                    errors.add(at + ".Target.Name: '" + console.target().name() + "' must be a port number such as \"0\"");
                }
            }
        }
        for (int i = 0; i < devices.channelsOrEmpty().size(); i++) {
            String at = "Domain.Devices.Channels[" + i + "]";
            Channel channel = devices.channelsOrEmpty().get(i);
            if (channel == null) {
                errors.add(at + ": empty");
                continue;
            }
            oneOf(errors, at + ".Type", channel.type(), Set.of("unix", "pty"), true);
            if (channel.target() == null) {
                errors.add(at + ".Target: missing; e.g. {Type: virtio, Name: org.qemu.guest_agent.0}");
            } else {
                oneOf(errors, at + ".Target.Type", channel.target().type(), CHANNEL_TARGETS, true);
                required(errors, at + ".Target.Name", channel.target().name(), "the port name, e.g. org.qemu.guest_agent.0");
            }
            if (channel.source() != null) {
                oneOf(errors, at + ".Source.Mode", channel.source().mode(), Set.of("bind", "connect"), false);
                absolute(errors, at + ".Source.Path", channel.source().path());
            }
        }
    }

    private static void charDevice(List<String> errors, String at, String type, LibvirtProperties.CharSource source) {
        oneOf(errors, at + ".Type", type, CHAR_TYPES, true);
        if (("file".equals(type) || "unix".equals(type)) && (source == null || source.path() == null)) {
            if ("file".equals(type)) {
                errors.add(at + ".Source.Path: missing; a character device of Type file needs the file to write");
            }
        }
        if (source != null) {
            absolute(errors, at + ".Source.Path", source.path());
        }
    }

    private static void amount(List<String> errors, String at, Memory m) {
        if (m.value() == null || m.value() <= 0) {
            errors.add(at + ".Value: '" + m.value() + "' must be a whole number > 0");
        }
        oneOf(errors, at + ".Unit", m.unit(), UNITS, false);
    }

    private static void oneOf(List<String> errors, String at, String value, Set<String> allowed, boolean requiredField) {
        if (value == null) {
            if (requiredField) {
                errors.add(at + ": missing; one of " + sorted(allowed));
            }
            return;
        }
        if (!allowed.contains(value)) {
            errors.add(at + ": '" + value + "' is not one of " + sorted(allowed));
        }
    }

    private static void required(List<String> errors, String at, String value, String hint) {
        if (value == null || value.isBlank()) {
            errors.add(at + ": missing; give " + hint);
        }
    }

    private static void absolute(List<String> errors, String at, String path) {
        if (path != null && !path.startsWith("/")) {
            errors.add(at + ": '" + path + "' must be an absolute path (libvirtd resolves relative paths against its own working directory)");
        }
    }

    private static String sorted(Set<String> values) {
        return values.stream().sorted().collect(Collectors.joining(", "));
    }
}

package io.infrakit.libvirt;

import io.infrakit.spi.schema.Field;
import io.infrakit.spi.schema.RecordSchema;
import io.infrakit.spi.schema.RecordSchema.Doc;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code infrakit explain libvirt}: the tree of {@link LibvirtProperties}, the records
 * {@link PropertiesReader} binds the properties to (strictly), with words for the main fields and
 * the allowed values PropertiesReader checks.
 */
final class LibvirtSchema {

    private LibvirtSchema() {
    }

    static Field tree() {
        return RecordSchema.of("libvirt", LibvirtProperties.class, Doc.of(
                "The libvirt plugin's instance Properties (in a group's Instance section): a domain (VM) on KVM/QEMU,"
                        + " with a root disk cloned from a base volume. See docs/providers/libvirt.md."), DOCS);
    }

    static final Map<String, Doc> DOCS = Map.ofEntries(
                Map.entry("MetadataStoragePool", Doc.of("Storage pool for the cidata ISO that carries Init to the guest.")),
                Map.entry("RootDisk", Doc.of("The root disk: a copy-on-write clone of BaseVolume in Pool.")),
                Map.entry("RootDisk.Pool", Doc.of("Storage pool of the base volume and of the clone.")),
                Map.entry("RootDisk.BaseVolume", Doc.of("Volume cloned as each member's root disk (e.g. a cloud image).")),
                Map.entry("RootDisk.Capacity", Doc.of("Size of the clone; Unit one of " + sorted(PropertiesReader.UNITS) + ".")),
                Map.entry("Domain", Doc.required("The domain: Type and Memory at least.")),
                Map.entry("Domain.Type", Doc.required("One of " + sorted(PropertiesReader.DOMAIN_TYPES)
                        + " (qemu for software emulation).")),
                Map.entry("Domain.Memory", Doc.required("Memory: Value and Unit (one of " + sorted(PropertiesReader.UNITS) + ").")),
                Map.entry("Domain.VCPU", Doc.withDefault("1", "Virtual CPUs: Value.")),
                Map.entry("Domain.OS", Doc.of("Boot: Type (Type one of " + sorted(PropertiesReader.OS_TYPES) + "), Boot devices ("
                        + sorted(PropertiesReader.BOOT_DEVS) + "), or a direct Kernel/Initrd.")),
                Map.entry("Domain.Features", Doc.of("Features of the virtual machine, among " + sorted(PropertiesReader.FEATURES)
                        + " (acpi: the guest can be shut down and power itself off).")),
                Map.entry("Domain.Devices", Doc.of("Disks, Interfaces, Serials, Consoles, Channels, as in libvirt's domain XML.")),
                Map.entry("Domain.OnCrash", Doc.of("One of " + sorted(PropertiesReader.ON_CRASH) + ".")),
                Map.entry("Domain.OnPoweroff", Doc.of("One of " + sorted(PropertiesReader.ON_EVENT) + ".")),
                Map.entry("Domain.OnReboot", Doc.of("One of " + sorted(PropertiesReader.ON_EVENT) + ".")));

    private static String sorted(Set<String> values) {
        return String.join(", ", new TreeSet<>(values));
    }
}

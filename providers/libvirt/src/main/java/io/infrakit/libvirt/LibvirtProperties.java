package io.infrakit.libvirt;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The libvirt instance plugin's {@code Properties}: the {@code Domain} structure InfraKit users
 * wrote for the Go plugin (see seeds/000), the pool for the {@code cidata} seed and an optional
 * root disk cloned copy-on-write from a base image volume. Field names are the spec's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"MetadataStoragePool", "RootDisk", "Domain"})
public record LibvirtProperties(
        @JsonProperty("MetadataStoragePool") String metadataStoragePool,
        @JsonProperty("RootDisk") RootDisk rootDisk,
        @JsonProperty("Domain") Domain domain) {

    public static final String DEFAULT_POOL = "default";

    /** The pool for the cidata seed: {@code MetadataStoragePool}, else {@code default}. */
    public String seedPool() {
        return metadataStoragePool == null || metadataStoragePool.isBlank() ? DEFAULT_POOL : metadataStoragePool;
    }

    /** A qcow2 volume whose backing store is {@code BaseVolume}: each instance writes only its own delta. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RootDisk(
            @JsonProperty("Pool") String pool,
            @JsonProperty("BaseVolume") String baseVolume,
            @JsonProperty("Capacity") Memory capacity,
            @JsonProperty("Target") Target target) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"Type", "Memory", "VCPU", "OS", "Features", "Devices", "OnCrash", "OnPoweroff", "OnReboot"})
    public record Domain(
            @JsonProperty("Type") String type,
            @JsonProperty("Memory") Memory memory,
            @JsonProperty("VCPU") Vcpu vcpu,
            @JsonProperty("OS") Os os,
            // e.g. [acpi, apic]: without acpi a guest can neither be shut down by ACPI nor power itself off.
            @JsonProperty("Features") List<String> features,
            @JsonProperty("Devices") Devices devices,
            @JsonProperty("OnCrash") String onCrash,
            @JsonProperty("OnPoweroff") String onPoweroff,
            @JsonProperty("OnReboot") String onReboot) {
    }

    /** An amount with a libvirt unit ({@code KiB}, {@code MiB}, {@code GiB}, ...). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Memory(@JsonProperty("Unit") String unit, @JsonProperty("Value") Long value) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Vcpu(@JsonProperty("Value") Integer value, @JsonProperty("Placement") String placement) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Os(
            @JsonProperty("Type") OsType type,
            @JsonProperty("Kernel") String kernel,
            @JsonProperty("Initrd") String initrd,
            @JsonProperty("KernelArgs") String kernelArgs,
            @JsonProperty("BIOS") Bios bios,
            // seeds/000 writes one {Dev: hd}; a list gives a boot order.
            @JsonProperty("Boot") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Boot> boot) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OsType(@JsonProperty("Arch") String arch, @JsonProperty("Machine") String machine,
                         @JsonProperty("Type") String type) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bios(@JsonProperty("UseSerial") String useSerial, @JsonProperty("RebootTimeout") String rebootTimeout) {
    }

    public record Boot(@JsonProperty("Dev") String dev) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Devices(
            @JsonProperty("Disks") List<Disk> disks,
            @JsonProperty("Interfaces") List<Interface> interfaces,
            @JsonProperty("Serials") List<Serial> serials,
            @JsonProperty("Consoles") List<Console> consoles,
            @JsonProperty("Channels") List<Channel> channels) {

        public static final Devices NONE = new Devices(null, null, null, null, null);

        public List<Disk> disksOrEmpty() {
            return disks == null ? List.of() : disks;
        }

        public List<Interface> interfacesOrEmpty() {
            return interfaces == null ? List.of() : interfaces;
        }

        public List<Serial> serialsOrEmpty() {
            return serials == null ? List.of() : serials;
        }

        public List<Console> consolesOrEmpty() {
            return consoles == null ? List.of() : consoles;
        }

        public List<Channel> channelsOrEmpty() {
            return channels == null ? List.of() : channels;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Disk(
            @JsonProperty("Type") String type,
            @JsonProperty("Device") String device,
            @JsonProperty("Driver") Driver driver,
            @JsonProperty("Source") DiskSource source,
            @JsonProperty("Target") Target target,
            @JsonProperty("ReadOnly") Boolean readOnly) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Driver(@JsonProperty("Name") String name, @JsonProperty("Type") String type) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DiskSource(@JsonProperty("File") String file, @JsonProperty("Dev") String dev,
                             @JsonProperty("Pool") String pool, @JsonProperty("Volume") String volume) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(@JsonProperty("Dev") String dev, @JsonProperty("Bus") String bus) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Interface(@JsonProperty("Type") String type, @JsonProperty("Source") InterfaceSource source,
                            @JsonProperty("Model") Model model) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InterfaceSource(@JsonProperty("Bridge") String bridge, @JsonProperty("Network") String network) {
    }

    public record Model(@JsonProperty("Type") String type) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Serial(@JsonProperty("Type") String type, @JsonProperty("Source") CharSource source,
                         @JsonProperty("Target") SerialTarget target, @JsonProperty("Log") Log log) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SerialTarget(@JsonProperty("Port") Integer port) {
    }

    /** A file that libvirt's virtlogd fills with everything the character device prints. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Log(@JsonProperty("File") String file, @JsonProperty("Append") Boolean append) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Console(@JsonProperty("Type") String type, @JsonProperty("Source") CharSource source,
                          @JsonProperty("Target") ConsoleTarget target) {
    }

    /** {@code Name} is accepted as the port number because the Go plugin's users wrote it so (seeds/000). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConsoleTarget(@JsonProperty("Type") String type, @JsonProperty("Port") Integer port,
                                @JsonProperty("Name") String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Channel(@JsonProperty("Type") String type, @JsonProperty("Source") CharSource source,
                          @JsonProperty("Target") ChannelTarget target) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CharSource(@JsonProperty("Mode") String mode, @JsonProperty("Path") String path) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChannelTarget(@JsonProperty("Type") String type, @JsonProperty("Name") String name) {
    }
}

package io.infrakit.vagrant;

import io.infrakit.spi.schema.Field;
import io.infrakit.spi.schema.RecordSchema;
import io.infrakit.spi.schema.RecordSchema.Doc;

import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code infrakit explain vagrant} shows: derived from {@link VagrantProperties}, which Validate binds. */
public final class VagrantSchema {

    static final Map<String, Doc> DOCS;

    static {
        Map<String, Doc> d = new LinkedHashMap<>();
        d.put("Box", Doc.of("The box of a virtual machine (config.vm.box), e.g. debian/bookworm64; give Box or Image."));
        d.put("Image", Doc.of("A Docker image for Vagrant's Docker provider (Provider docker is then implied); give Box or Image."));
        d.put("Provider", Doc.withDefault("docker with Image, else Vagrant's default",
                "The provider passed to vagrant up --provider: virtualbox, libvirt, docker, ..."));
        d.put("CPUs", Doc.of("Virtual CPUs (1 to 256): the provider's cpus, or docker run --cpus."));
        d.put("Memory", Doc.of("Memory in MiB (16 to 1048576): the provider's memory, or docker run --memory."));
        d.put("Hostname", Doc.of("The guest's host name (config.vm.hostname)."));
        d.put("Networks", Doc.of("Extra networks (config.vm.network), in order."));
        d.put("Networks.Type", Doc.required("private_network, public_network or forwarded_port."));
        d.put("Networks.IP", Doc.of("Address on a private or public network; a private network without one uses DHCP."));
        d.put("Networks.Bridge", Doc.of("Host interface a public network bridges to."));
        d.put("Networks.Guest", Doc.of("Guest port of a forwarded_port (1 to 65535)."));
        d.put("Networks.Host", Doc.of("Host port of a forwarded_port (1 to 65535)."));
        d.put("SyncedFolders", Doc.withDefault("none (the default /vagrant share is turned off)",
                "Host folders shared into the guest (config.vm.synced_folder)."));
        d.put("SyncedFolders.Host", Doc.required("Absolute path of the folder on the host."));
        d.put("SyncedFolders.Guest", Doc.required("Absolute path in the guest."));
        d.put("Tags", Doc.of("Extra tags kept on every instance, besides the group controller's."));
        DOCS = java.util.Collections.unmodifiableMap(d);
    }

    private VagrantSchema() {
    }

    public static Field tree() {
        return RecordSchema.of("vagrant", VagrantProperties.class,
                Doc.required("Instance Properties of plugin vagrant (a group's Instance section): one Vagrant environment per"
                        + " instance. Init runs as a shell provisioner, or with vagrant docker-exec on the Docker provider."),
                DOCS);
    }
}

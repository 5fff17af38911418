package io.infrakit.vsphere;

import io.infrakit.spi.schema.Field;
import io.infrakit.spi.schema.RecordSchema;
import io.infrakit.spi.schema.RecordSchema.Doc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code infrakit explain vsphere} shows: derived from {@link VsphereProperties}, which Validate binds. */
public final class VsphereSchema {

    static final Map<String, Doc> DOCS;

    static {
        Map<String, Doc> d = new LinkedHashMap<>();
        d.put("Datacenter", Doc.of("The datacenter's name; optional when vCenter has one datacenter (or option datacenter is set)."));
        d.put("Datastore", Doc.of("The datastore for the VMs' files (and where ISOPath lies); required unless option datastore is set."));
        d.put("Hostname", Doc.of("The ESXi host to run the VMs on (its name in vCenter); or give Cluster. Optional when there is one host or cluster."));
        d.put("Cluster", Doc.of("The cluster to run the VMs on (its root resource pool); instead of Hostname."));
        d.put("Network", Doc.of("The port group (standard or distributed) of the VM's network card, for ISOPath VMs; clones keep the template's networks."));
        d.put("Template", Doc.of("The template or VM to clone: a name (found anywhere in the datacenter's VM folders) or a path under the VM folder, e.g. Templates/CentOS7-WEB."));
        d.put("ISOPath", Doc.of("An ISO on the Datastore to boot a new VM from, e.g. linuxkit/vSphere.iso or [vSphereNFS] linuxkit/vSphere.iso (InfraKit's isoPath too)."));
        d.put("Memory", Doc.of("Memory in MB of a new ISOPath VM (default " + VsphereProperties.DEFAULT_MEMORY_MB + "); for clones, changes the clone's."));
        d.put("CPUs", Doc.of("Virtual CPUs of a new ISOPath VM (default " + VsphereProperties.DEFAULT_CPUS + "); for clones, changes the clone's."));
        d.put("PowerOn", Doc.of("Power the VM on after creating it (default false, as in InfraKit). A VM so started that is powered off behind our back is lost and replaced."));
        d.put("Annotation", Doc.of("The VM's notes in vCenter."));
        d.put("vmPrefix", Doc.of("Prefix of generated VM names (default: the group ID); pets are named after their LogicalID."));
        d.put("Tags", Doc.of("Extra tags (custom attributes) put on every VM, besides the group controller's."));
        d.put("GuestUser", Doc.of("The guest's user for deployment steps run through VMware Tools (guest operations); with GuestPassword. Default: option guest-user."));
        d.put("GuestPassword", Doc.of("The guest user's password; write it as {{ secret \"NAME\" }} so it is filled in only when the VM is made. Kept in the plugin's memory, never logged."));
        DOCS = Collections.unmodifiableMap(d);
    }

    private VsphereSchema() {
    }

    public static Field tree() {
        return RecordSchema.of("vsphere", VsphereProperties.class,
                Doc.required("Instance Properties of plugin vsphere (a group's Instance section): where and from what to build VMs."
                        + " Give Template or ISOPath. VMs go to a VM folder named after the group; tags are custom attributes."),
                DOCS);
    }
}

package io.infrakit.vsphere;

import io.infrakit.vsphere.vim.Moref;
import io.infrakit.vsphere.vim.Soap;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The vim25 specs of a new VM: a {@code VirtualMachineConfigSpec} for CreateVM_Task (an ISO in a
 * CD-ROM, a network card) and a {@code VirtualMachineCloneSpec} for CloneVM_Task. Elements follow
 * the WSDL's order, which vCenter enforces.
 */
final class VmSpecs {

    /** The IDE controller every new VM has; its first unit takes the CD-ROM. */
    static final int IDE_CONTROLLER = 200;
    static final String GUEST_ID = "otherLinux64Guest";

    private VmSpecs() {
    }

    /** {@code config} for CreateVM_Task: a VM booting {@code isoPath} ({@code [datastore] path}). */
    static Soap createConfig(String name, String datastoreName, Moref datastore, String isoPath, int memoryMb, int cpus,
                             String annotation, Inventory.Net network, String init) {
        Soap s = Soap.request().open("config")
                .el("name", name)
                .el("guestId", GUEST_ID)
                .el("annotation", annotation)
                .open("files").el("vmPathName", "[" + datastoreName + "]").close("files")
                .el("numCPUs", cpus)
                .el("memoryMB", memoryMb);
        s.open("deviceChange").el("operation", "add")
                .open("device", "VirtualCdrom")
                .el("key", -1)
                .open("backing", "VirtualCdromIsoBackingInfo").el("fileName", isoPath).ref("datastore", datastore).close("backing")
                .open("connectable").el("startConnected", true).el("allowGuestControl", true).el("connected", true).close("connectable")
                .el("controllerKey", IDE_CONTROLLER)
                .el("unitNumber", 0)
                .close("device")
                .close("deviceChange");
        if (network != null) {
            s.open("deviceChange").el("operation", "add")
                    .open("device", "VirtualVmxnet3")
                    .el("key", -2)
                    .raw(nicBacking(network))
                    .open("connectable").el("startConnected", true).el("allowGuestControl", true).el("connected", true).close("connectable")
                    .el("addressType", "generated")
                    .close("device")
                    .close("deviceChange");
        }
        userData(s, init);
        return s.close("config");
    }

    /** A standard port group is named and referenced; a distributed one is reached through its switch and key. */
    private static Soap nicBacking(Inventory.Net network) {
        if (network.distributed()) {
            return Soap.request().open("backing", "VirtualEthernetCardDistributedVirtualPortBackingInfo")
                    .open("port").el("switchUuid", network.switchUuid()).el("portgroupKey", network.portgroupKey()).close("port")
                    .close("backing");
        }
        return Soap.request().open("backing", "VirtualEthernetCardNetworkBackingInfo")
                .el("deviceName", network.name()).ref("network", network.ref()).close("backing");
    }

    /** {@code spec} for CloneVM_Task: onto a datastore and pool (a template has none of its own), powered off. */
    static Soap cloneSpec(Moref datastore, Inventory.Placement placement, Integer memoryMb, Integer cpus, String annotation, String init) {
        Soap s = Soap.request().open("spec")
                .open("location").ref("datastore", datastore).ref("pool", placement.pool()).ref("host", placement.host()).close("location")
                .el("template", false);
        if (memoryMb != null || cpus != null || annotation != null || init != null) {
            s.open("config").el("annotation", annotation).el("numCPUs", cpus).el("memoryMB", memoryMb);
            userData(s, init);
            s.close("config");
        }
        return s.el("powerOn", false).close("spec");
    }

    /**
     * The flavor's Init as {@code guestinfo.userdata} (base64) in the VM's extra config: what
     * cloud-init's VMware datasource reads at first boot.
     */
    private static void userData(Soap s, String init) {
        if (init == null) {
            return;
        }
        String encoded = Base64.getEncoder().encodeToString(init.getBytes(StandardCharsets.UTF_8));
        option(s, USERDATA, encoded);
        option(s, USERDATA + ".encoding", "base64");
    }

    static final String USERDATA = "guestinfo.userdata";

    private static void option(Soap s, String key, String value) {
        s.open("extraConfig", "OptionValue").el("key", key).open("value", "xsd:string").text(value).close("value").close("extraConfig");
    }

    /** {@code [datastore] path} for an ISOPath given with or without its datastore. */
    static String datastorePath(String datastore, String isoPath) {
        String p = isoPath.strip();
        if (p.startsWith("[")) {
            return p;
        }
        return "[" + datastore + "] " + (p.startsWith("/") ? p.substring(1) : p);
    }
}

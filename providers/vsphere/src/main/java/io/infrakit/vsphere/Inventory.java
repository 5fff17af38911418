package io.infrakit.vsphere;

import io.infrakit.spi.PluginException;
import io.infrakit.vsphere.vim.Moref;
import io.infrakit.vsphere.vim.ObjectContent;
import io.infrakit.vsphere.vim.PropertySpecs;
import io.infrakit.vsphere.vim.Tasks;
import io.infrakit.vsphere.vim.VimClient;
import io.infrakit.vsphere.vim.VimFault;
import io.infrakit.vsphere.vim.XmlNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Names to managed objects: datacenters, datastores, networks, hosts and clusters (their resource
 * pools), templates and the VM folder of each group. Each answer is cached; {@link #forget()}
 * drops the cache after a call failed on a stale reference.
 */
final class Inventory {

    /** A datacenter and its VM folder. */
    record Datacenter(Moref ref, String name, Moref vmFolder) {
    }

    /** Where a VM runs: a resource pool, and a host when one was named. */
    record Placement(Moref pool, Moref host) {
    }

    private final VimClient client;
    private final Tasks tasks;
    private volatile List<Datacenter> datacenters;
    private final Map<String, Object> cache = new ConcurrentHashMap<>();

    Inventory(VimClient client, Tasks tasks) {
        this.client = client;
        this.tasks = tasks;
    }

    void forget() {
        datacenters = null;
        cache.clear();
    }

    List<Datacenter> datacenters() {
        List<Datacenter> d = datacenters;
        if (d == null) {
            List<Datacenter> found = new ArrayList<>();
            for (ObjectContent o : client.retrieve(PropertySpecs.tree(client.content().rootFolder(),
                    Map.of("Datacenter", List.of("name", "vmFolder")), false))) {
                if (o.obj().type().equals("Datacenter")) {
                    found.add(new Datacenter(o.obj(), o.text("name"), o.ref("vmFolder")));
                }
            }
            datacenters = d = List.copyOf(found);
        }
        return d;
    }

    /** The named datacenter, or the only one when name is null. */
    Datacenter datacenter(String name) {
        List<Datacenter> all = datacenters();
        if (name == null || name.isBlank()) {
            if (all.size() == 1) {
                return all.getFirst();
            }
            throw new PluginException("vsphere: Properties.Datacenter is needed: vCenter has " + all.size() + " datacenters ("
                    + names(all.stream().map(Datacenter::name).toList()) + "); name one, or set --opt vsphere.datacenter");
        }
        return all.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow(() -> new PluginException(
                "vsphere: Properties.Datacenter '" + name + "' is not a datacenter of this vCenter; known: "
                        + names(all.stream().map(Datacenter::name).toList())));
    }

    /** Objects of {@code type} reached from {@code from} by property {@code path}: name to reference. */
    private Map<String, Moref> named(Moref from, String path, String type) {
        Map<String, Moref> out = new java.util.TreeMap<>();
        for (ObjectContent o : client.retrieve(PropertySpecs.via(from, path, type, List.of("name")))) {
            out.putIfAbsent(o.text("name"), o.obj());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(String key, java.util.function.Supplier<T> load) {
        Object v = cache.get(key);
        if (v == null) {
            v = load.get();
            cache.put(key, v);
        }
        return (T) v;
    }

    Moref datastore(Datacenter dc, String name) {
        if (name == null || name.isBlank()) {
            throw new PluginException("vsphere: Properties.Datastore is required (the datastore for the VMs' files), or set --opt vsphere.datastore");
        }
        Map<String, Moref> all = cached("ds|" + dc.ref().value(), () -> named(dc.ref(), "datastore", "Datastore"));
        Moref ds = all.get(name);
        if (ds == null) {
            throw new PluginException("vsphere: Properties.Datastore '" + name + "' is not a datastore of datacenter " + dc.name()
                    + "; known: " + names(all.keySet()));
        }
        return ds;
    }

    /** A network for a VM's card: a standard port group, or a distributed one (its switch and key). */
    record Net(String name, Moref ref, String switchUuid, String portgroupKey) {
        boolean distributed() {
            return switchUuid != null;
        }
    }

    Net network(Datacenter dc, String name) {
        Map<String, Moref> all = cached("net|" + dc.ref().value(), () -> named(dc.ref(), "network", "Network"));
        Moref net = all.get(name);
        if (net == null) {
            throw new PluginException("vsphere: Properties.Network '" + name + "' is not a network of datacenter " + dc.name()
                    + "; known: " + names(all.keySet()));
        }
        return switch (net.type()) {
            case "Network" -> new Net(name, net, null, null);
            case "DistributedVirtualPortgroup" -> cached("dvpg|" + net.value(), () -> distributed(name, net));
            default -> throw new PluginException("vsphere: Properties.Network '" + name + "' is a " + net.type()
                    + "; name a standard or a distributed port group");
        };
    }

    private Net distributed(String name, Moref portgroup) {
        ObjectContent pg = client.retrieve(PropertySpecs.object(portgroup, List.of("key", "config.distributedVirtualSwitch"))).getFirst();
        Moref dvs = pg.ref("config.distributedVirtualSwitch");
        String uuid = dvs == null ? null : client.retrieve(PropertySpecs.object(dvs, List.of("uuid"))).getFirst().text("uuid");
        if (uuid == null || pg.text("key") == null) {
            throw new PluginException("vsphere: Properties.Network '" + name + "': its distributed switch cannot be read; check the user's read privilege on it");
        }
        return new Net(name, portgroup, uuid, pg.text("key"));
    }

    private record Compute(String name, Moref ref, Moref pool, List<Moref> hosts) {
    }

    private record Host(String name, Moref ref, Moref parent) {
    }

    private record Hosts(List<Compute> computes, List<Host> hosts) {
    }

    private Hosts hosts(Datacenter dc) {
        return cached("hosts|" + dc.ref().value(), () -> {
            List<Compute> computes = new ArrayList<>();
            List<Host> hosts = new ArrayList<>();
            for (ObjectContent o : client.retrieve(PropertySpecs.hostTree(dc.ref()))) {
                switch (o.obj().type()) {
                    case "ComputeResource", "ClusterComputeResource" ->
                            computes.add(new Compute(o.text("name"), o.obj(), o.ref("resourcePool"), o.refs("host")));
                    case "HostSystem" -> hosts.add(new Host(o.text("name"), o.obj(), o.ref("parent")));
                    default -> {
                    }
                }
            }
            return new Hosts(List.copyOf(computes), List.copyOf(hosts));
        });
    }

    /** The resource pool (and host) for Hostname or Cluster; the only choice when neither is given. */
    Placement placement(Datacenter dc, String hostname, String cluster) {
        Hosts h = hosts(dc);
        if (hostname != null && !hostname.isBlank() && cluster != null && !cluster.isBlank()) {
            throw new PluginException("vsphere: give Properties.Hostname or Properties.Cluster, not both");
        }
        if (hostname != null && !hostname.isBlank()) {
            Host host = h.hosts().stream().filter(x -> x.name().equals(hostname)).findFirst().orElseThrow(() -> new PluginException(
                    "vsphere: Properties.Hostname '" + hostname + "' is not a host of datacenter " + dc.name() + "; known: "
                            + names(h.hosts().stream().map(Host::name).toList())));
            Compute parent = h.computes().stream().filter(c -> c.ref().equals(host.parent())).findFirst().orElseThrow(
                    () -> new PluginException("vsphere: host " + hostname + " has no resource pool (is it disconnected?)"));
            return new Placement(parent.pool(), host.ref());
        }
        List<Compute> clusters = h.computes().stream().filter(c -> c.ref().type().equals("ClusterComputeResource")).toList();
        if (cluster != null && !cluster.isBlank()) {
            Compute c = clusters.stream().filter(x -> x.name().equals(cluster)).findFirst().orElseThrow(() -> new PluginException(
                    "vsphere: Properties.Cluster '" + cluster + "' is not a cluster of datacenter " + dc.name() + "; known: "
                            + names(clusters.stream().map(Compute::name).toList())));
            return new Placement(c.pool(), null);
        }
        if (h.computes().size() == 1) {
            Compute only = h.computes().getFirst();
            return new Placement(only.pool(), only.hosts().size() == 1 ? only.hosts().getFirst() : null);
        }
        throw new PluginException("vsphere: Properties.Hostname or Properties.Cluster is needed: datacenter " + dc.name()
                + " has hosts " + names(h.hosts().stream().map(Host::name).toList()) + " and clusters "
                + names(clusters.stream().map(Compute::name).toList()));
    }

    /** A template or VM to clone: a path under the VM folder, or a name anywhere below it. */
    Moref template(Datacenter dc, String template) {
        return cached("tpl|" + dc.ref().value() + "|" + template, () -> {
            if (template.contains("/")) {
                String path = template.startsWith("/") ? template.substring(1) : dc.name() + "/vm/" + template;
                return client.findByInventoryPath(path).filter(r -> r.type().equals("VirtualMachine")).orElseThrow(() -> new PluginException(
                        "vsphere: Properties.Template '" + template + "': no template or VM at inventory path " + path
                                + "; give the path under the datacenter's VM folder (e.g. Templates/NAME) or just the name"));
            }
            Optional<Moref> direct = client.findByInventoryPath(dc.name() + "/vm/" + template).filter(r -> r.type().equals("VirtualMachine"));
            if (direct.isPresent()) {
                return direct.get();
            }
            List<Moref> found = client.retrieve(PropertySpecs.tree(dc.vmFolder(), Map.of("VirtualMachine", List.of("name")), false)).stream()
                    .filter(o -> template.equals(o.text("name"))).map(ObjectContent::obj).toList();
            if (found.isEmpty()) {
                throw new PluginException("vsphere: Properties.Template '" + template + "' is neither a template nor a VM in datacenter "
                        + dc.name() + "; check the name in vCenter's VMs and Templates view");
            }
            if (found.size() > 1) {
                throw new PluginException("vsphere: Properties.Template '" + template + "' names " + found.size()
                        + " VMs in datacenter " + dc.name() + "; give its path under the VM folder instead, e.g. Templates/" + template);
            }
            return found.getFirst();
        });
    }

    /**
     * Checks that an ISO ({@code [datastore] dir/file.iso}) exists, with the datastore's browser
     * (SearchDatastore_Task); a path found once is not searched again.
     */
    void requireIso(Datacenter dc, String isoPath) {
        String key = "iso|" + dc.ref().value() + "|" + isoPath;
        if (cache.containsKey(key)) {
            return;
        }
        int close = isoPath.indexOf(']');
        String dsName = close > 1 ? isoPath.substring(1, close) : "";
        String path = close > 1 ? isoPath.substring(close + 1).strip() : isoPath;
        Moref ds;
        try {
            ds = datastore(dc, dsName);
        } catch (PluginException e) {
            throw new PluginException("vsphere: Properties.ISOPath '" + isoPath + "' names datastore '" + dsName
                    + "', which datacenter " + dc.name() + " does not have; write it as a path on Properties.Datastore, e.g. linuxkit/vSphere.iso");
        }
        int slash = path.lastIndexOf('/');
        String folder = "[" + dsName + "]" + (slash > 0 ? " " + path.substring(0, slash) : "");
        String file = path.substring(slash + 1);
        List<ObjectContent> got = client.retrieve(PropertySpecs.object(ds, List.of("browser")));
        Moref browser = got.isEmpty() ? null : got.getFirst().ref("browser");
        boolean found = false;
        if (browser != null) {
            try {
                XmlNode result = tasks.await("SearchDatastore_Task", client.searchDatastore(browser, folder, file));
                found = result != null && result.all("file").stream().anyMatch(f -> file.equals(f.text("path")));
            } catch (VimFault f) {
                if (!f.is("FileNotFound")) {
                    throw f;
                }
            }
        }
        if (!found) {
            throw new PluginException("vsphere: Properties.ISOPath: no file " + isoPath + " on datastore " + dsName
                    + "; upload the ISO there (e.g. with the vSphere client's datastore browser) or fix the path");
        }
        cache.put(key, Boolean.TRUE);
    }

    /** The name of a group's VM folder: vSphere writes a '/' inside a name as %2f. */
    static String folderName(String group) {
        return group.replace("%", "%25").replace("/", "%2f");
    }

    /** The VM folder of a group, when it exists. */
    Optional<Moref> groupFolder(Datacenter dc, String group) {
        String key = "folder|" + dc.ref().value() + "|" + group;
        Object v = cache.get(key);
        if (v != null) {
            return Optional.of((Moref) v);
        }
        Optional<Moref> found = client.findByInventoryPath(dc.name() + "/vm/" + folderName(group)).filter(r -> r.type().equals("Folder"));
        found.ifPresent(f -> cache.put(key, f));
        return found;
    }

    /** The VM folder of a group, created when missing. */
    Moref groupFolderCreated(Datacenter dc, String group) {
        Optional<Moref> f = groupFolder(dc, group);
        if (f.isPresent()) {
            return f.get();
        }
        try {
            Moref made = client.createFolder(dc.vmFolder(), folderName(group));
            cache.put("folder|" + dc.ref().value() + "|" + group, made);
            return made;
        } catch (VimFault e) {
            if (e.is("DuplicateName")) { // made meanwhile by another provision
                return groupFolder(dc, group).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /** Forgets the cached folder of a group (it was deleted or moved). */
    void forgetFolder(Datacenter dc, String group) {
        cache.remove("folder|" + dc.ref().value() + "|" + group);
    }

    static String names(java.util.Collection<String> names) {
        return names.isEmpty() ? "(none)" : names.stream().sorted().collect(Collectors.joining(", "));
    }
}

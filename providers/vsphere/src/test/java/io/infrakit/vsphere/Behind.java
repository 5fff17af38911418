package io.infrakit.vsphere;

import io.infrakit.spi.PluginException;
import io.infrakit.vsphere.vim.Moref;
import io.infrakit.vsphere.vim.ObjectContent;
import io.infrakit.vsphere.vim.PropertySpecs;
import io.infrakit.vsphere.vim.SoapTransport;
import io.infrakit.vsphere.vim.Tasks;
import io.infrakit.vsphere.vim.VimClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Someone else in vCenter (an admin in the vSphere client): a session of its own that powers
 * off, deletes and moves VMs behind the plugin's back, and cleans up the tests' folders.
 */
final class Behind implements AutoCloseable {

    final VimClient client = new VimClient(new SoapTransport(Vcsim.SDK, TlsTrust.context(Vcsim.CA, false), Duration.ofSeconds(30)),
            Vcsim.USER, Vcsim.PASSWORD.toCharArray());
    private final Tasks tasks = new Tasks(client, Duration.ofSeconds(30));

    void powerOff(String id) {
        tasks.await("PowerOffVM_Task", client.powerOff(Moref.vm(id)));
    }

    void destroy(String id) {
        tasks.await("Destroy_Task", client.destroy(Moref.vm(id)));
    }

    /**
     * Deletes a VM unless it is already gone: the plugin's reaper may delete a VM of ours the
     * moment it sees it powered off, racing this call (both end with the VM deleted behind the
     * controller's back, which is what a test of healing wants).
     */
    void destroyUnlessGone(String id) {
        try {
            destroy(id);
        } catch (PluginException e) {
            if (exists(id)) {
                throw e;
            }
        }
    }

    void moveToVmRoot(String id) {
        Moref vmFolder = client.findByInventoryPath(Vcsim.DATACENTER + "/vm").orElseThrow();
        tasks.await("MoveIntoFolder_Task", client.moveIntoFolder(vmFolder, List.of(Moref.vm(id))));
    }

    String powerState(String id) {
        return client.retrieve(PropertySpecs.object(Moref.vm(id), List.of("runtime.powerState"))).getFirst().text("runtime.powerState");
    }

    boolean exists(String id) {
        try {
            return !client.retrieve(PropertySpecs.object(Moref.vm(id), List.of("name"))).isEmpty();
        } catch (PluginException e) {
            return false;
        }
    }

    /** Deletes a group's folder and every VM left in it. */
    void removeFolder(String group) {
        Moref folder = client.findByInventoryPath(Vcsim.DATACENTER + "/vm/" + group).orElse(null);
        if (folder == null) {
            return;
        }
        List<ObjectContent> vms = client.retrieve(PropertySpecs.children(folder, "VirtualMachine", List.of("runtime.powerState")));
        try (ExecutorService pool = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
            for (ObjectContent vm : vms) {
                pool.execute(() -> {
                    try {
                        if ("poweredOn".equals(vm.text("runtime.powerState"))) {
                            tasks.await("PowerOffVM_Task", client.powerOff(vm.obj()));
                        }
                        tasks.await("Destroy_Task", client.destroy(vm.obj()));
                    } catch (PluginException ignored) {
                        // gone meanwhile
                    }
                });
            }
        }
        tasks.await("Destroy_Task", client.destroy(folder));
    }

    @Override
    public void close() {
        client.close();
    }
}

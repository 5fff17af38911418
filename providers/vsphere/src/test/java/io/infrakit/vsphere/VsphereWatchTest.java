package io.infrakit.vsphere;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Changes made behind the plugin's back arrive from WaitForUpdatesEx, each within 2 s; the plugin's own do not. */
class VsphereWatchTest {

    private final ObjectMapper json = new ObjectMapper();
    private VsphereInstancePlugin plugin;
    private Behind admin;
    private final String group = Vcsim.unique("watch");
    private final List<InstanceChange> changes = new CopyOnWriteArrayList<>();
    private AutoCloseable watching;

    @BeforeEach
    void start() {
        Vcsim.require();
        plugin = new VsphereInstancePlugin(Vcsim.options());
        admin = new Behind();
        watching = plugin.watch(changes::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> plugin.watcher().ready());
    }

    @AfterEach
    void stop() throws Exception {
        if (plugin == null) {
            return;
        }
        watching.close();
        plugin.close();
        admin.removeFolder(group);
        admin.close();
    }

    /**
     * Provisions a VM and waits until the watcher has seen it: vcsim batches updates every 250 ms
     * and drops a VM created and deleted within one batch (a vCenter would not).
     */
    private String provision(boolean powerOn) {
        String id = plugin.provision(new InstanceSpec(VsphereInstancePluginTest.templateProps(json, Vcsim.TEMPLATE).put("PowerOn", powerOn),
                Map.of(Tags.GROUP, group), "", null, null));
        await().atMost(Duration.ofSeconds(2)).until(() -> plugin.watcher().sees(id));
        return id;
    }

    private InstanceChange awaitChange(String id) {
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> changes.stream().anyMatch(c -> c.instanceId().equals(id)));
        return changes.stream().filter(c -> c.instanceId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aVmPoweredOffBehindOurBackIsLostReapedAndNoLongerListed() {
        String id = provision(true);
        admin.powerOff(id);
        InstanceChange c = awaitChange(id);
        assertThat(c.kind()).isEqualTo(InstanceChange.Kind.LOST);
        assertThat(c.tags()).containsEntry(Tags.GROUP, group);
        assertThat(c.detail()).isEqualTo("powered off behind our back");
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, group), false)).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> !admin.exists(id)); // reap-powered-off
    }

    @Test
    void aVmDeletedOrMovedOutBehindOurBackIsReported() {
        String deleted = provision(false);
        String moved = provision(false);
        admin.destroy(deleted);
        assertThat(awaitChange(deleted).kind()).isEqualTo(InstanceChange.Kind.LOST);
        admin.moveToVmRoot(moved);
        // vcsim reports a move as the VM leaving the folder (LOST); a vCenter as a new parent (CHANGED).
        assertThat(awaitChange(moved).kind()).isIn(InstanceChange.Kind.LOST, InstanceChange.Kind.CHANGED);
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, group), false)).isEmpty();
        admin.destroy(moved);
    }

    @Test
    void thePluginsOwnChangesAreNotReported() throws Exception {
        String id = provision(true);
        String other = provision(false);
        plugin.destroy(id, DestroyContext.terminate());
        plugin.label(other, Map.of("x", "y"));
        Thread.sleep(1000); // vcsim batches updates every 250 ms
        assertThat(changes).isEmpty();
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, group), false)).extracting(InstanceDescription::id).containsExactly(other);
    }
}

package io.infrakit.vsphere;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.core.testing.GroupHarness;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.vsphere.vim.Moref;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * examples/vsphere/InfraKitVMs.json (the InfraKit blog's JSON) read by the spec pipeline and run by
 * the real group controller with the vanilla flavor on vcsim. The controller polls every 5
 * minutes: healing within 2 s can only come from the plugin's change events.
 */
class VsphereGroupTest {

    static final Path EXAMPLE = Path.of("../../examples/vsphere/InfraKitVMs.json");
    static final Path ISO_EXAMPLE = Path.of("../../examples/vsphere/linuxkit-iso.json");

    private VsphereInstancePlugin plugin;
    private GroupControllerPlugin groups;
    private Behind admin;
    private final String group = Vcsim.unique("InfraKitVMs");

    @BeforeEach
    void start() {
        Vcsim.require();
        plugin = new VsphereInstancePlugin(Vcsim.options());
        admin = new Behind();
        groups = GroupHarness.controller("vsphere", plugin, Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() {
        if (plugin == null) {
            return;
        }
        try {
            groups.close();
        } catch (Exception e) {
            // closing what is left
        }
        plugin.close();
        admin.removeFolder(group);
        admin.close();
    }

    static GroupSpec read(Path file) {
        return GroupHarness.example(file, Map.of());
    }

    /** The example under another ID (vcsim keeps earlier runs' folders) and size, and optionally another template. */
    private GroupSpec example(int size, String template) {
        GroupSpec spec = read(EXAMPLE);
        assertThat(spec.id()).isEqualTo("InfraKitVMs");
        ObjectNode props = spec.properties().deepCopy();
        ((ObjectNode) props.path("Allocation")).put("Size", size);
        if (template != null) {
            ((ObjectNode) props.path("Instance").path("Properties")).put("Template", template);
        }
        return new GroupSpec(group, props);
    }

    private Set<String> ids() {
        return GroupHarness.ids(plugin, group);
    }

    /** VMs in the group's folder, whatever their state (what vCenter shows). */
    private int vmsInFolder() {
        Moref folder = admin.client.findByInventoryPath(Vcsim.DATACENTER + "/vm/" + group).orElse(null);
        return folder == null ? 0 : admin.client.retrieve(io.infrakit.vsphere.vim.PropertySpecs.children(folder, "VirtualMachine", List.of("name"))).size();
    }

    private void settled() {
        GroupHarness.settled(groups, plugin, group, Duration.ofSeconds(20));
        Set<String> now = ids();
        await().atMost(Duration.ofSeconds(5)).until(() -> now.stream().allMatch(plugin.watcher()::sees));
    }

    @Test
    void aGroupOfFiveConvergesHealsFromEventsAndRollsANewTemplateWithinMaxSurge() {
        groups.commitGroup(example(5, null), false);
        await().atMost(Duration.ofSeconds(30)).until(() -> ids().size() == 5);
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, group), false)).allSatisfy(m ->
                assertThat(m.tags()).containsEntry("role", "web").containsKey(Tags.CONFIG_HASH));
        settled();

        // Powered off in the vSphere client: replaced within 2 s (the poll is 5 minutes away).
        String off = ids().iterator().next();
        admin.powerOff(off);
        long t0 = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Set<String> now = ids();
            return now.size() == 5 && !now.contains(off);
        });
        long poweredOffHealedMs = (System.nanoTime() - t0) / 1_000_000;
        settled();

        // Deleted in the vSphere client: replaced within 2 s.
        String gone = ids().iterator().next();
        admin.powerOff(gone); // vCenter deletes only powered-off VMs; the power-off alone already counts
        admin.destroyUnlessGone(gone);
        assertThat(admin.exists(gone)).isFalse();
        t0 = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Set<String> now = ids();
            return now.size() == 5 && !now.contains(gone);
        });
        long destroyedHealedMs = (System.nanoTime() - t0) / 1_000_000;
        settled();
        await().atMost(Duration.ofSeconds(5)).until(() -> vmsInFolder() == 5); // the powered-off one was reaped

        // A new template rolls through the group, one surplus VM at a time (MaxSurge 1).
        Set<String> before = ids();
        String oldHash = plugin.describeInstances(Map.of(Tags.GROUP, group), false).getFirst().tag(Tags.CONFIG_HASH);
        AtomicInteger most = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (sampling.get()) {
                most.accumulateAndGet(vmsInFolder(), Math::max);
            }
        });
        groups.commitGroup(example(5, Vcsim.TEMPLATE_2), false);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<InstanceDescription> now = plugin.describeInstances(Map.of(Tags.GROUP, group), false);
            return now.size() == 5 && now.stream().noneMatch(m -> before.contains(m.id()) || oldHash.equals(m.tag(Tags.CONFIG_HASH)));
        });
        sampling.set(false);
        sampler.interrupt();
        assertThat(most.get()).as("VMs in the folder during the rolling update").isBetween(5, 6);

        groups.destroyGroup(group);
        await().atMost(Duration.ofSeconds(20)).until(() -> vmsInFolder() == 0);
        System.out.printf("vsphere group of 5: powered-off VM replaced in %d ms, deleted VM in %d ms; at most %d VMs while rolling%n",
                poweredOffHealedMs, destroyedHealedMs, most.get());
    }

    @Test
    void theIsoExampleBuildsItsVmsPoweredOff() {
        GroupSpec spec = read(ISO_EXAMPLE);
        groups.commitGroup(new GroupSpec(group, spec.properties()), false);
        await().atMost(Duration.ofSeconds(30)).until(() -> ids().size() == 3);
        for (String id : ids()) {
            assertThat(admin.powerState(id)).isEqualTo("poweredOff");
        }
        groups.destroyGroup(group);
        await().atMost(Duration.ofSeconds(20)).until(() -> vmsInFolder() == 0);
    }
}

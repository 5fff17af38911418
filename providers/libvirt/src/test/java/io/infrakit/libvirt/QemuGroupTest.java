package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.core.event.EventBus;
import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.plugin.PluginLookup;
import io.infrakit.vanilla.VanillaFlavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * examples/libvirt/group.yml through the real group controller on real QEMU guests: two VMs boot and
 * run the flavor's Init; `virsh destroy` of one is noticed from libvirt's event and it is replaced.
 */
class QemuGroupTest {

    private static Connect connect;
    private static LibvirtInstancePlugin plugin;
    /**
     * The example's group ID made unique to this run: libvirtd is shared, and a second run at the
     * same time (another checkout) would otherwise adopt this run's VMs as its members, and destroy them.
     */
    private static final String GROUP = "libvirt-workers-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    private static GroupControllerPlugin groups;

    @BeforeAll
    static void start() throws Exception {
        connect = QemuGuests.connectOrSkip();
        plugin = new LibvirtInstancePlugin(connect, new ObjectMapper(), Clock.systemUTC(), true);
        FlavorPlugin vanilla = new VanillaFlavor();
        PluginLookup lookup = new PluginLookup() {
            @Override
            public InstancePlugin instance(String name) {
                if (name.equals("libvirt")) {
                    return plugin;
                }
                throw new PluginException("no instance plugin " + name);
            }

            @Override
            public FlavorPlugin flavor(String name) {
                if (name.equals("vanilla")) {
                    return vanilla;
                }
                throw new PluginException("no flavor plugin " + name);
            }

            @Override
            public GroupPlugin group(String name) {
                throw new PluginException("no group plugin " + name);
            }
        };
        // A long poll interval: the replacement must come from libvirt's event, not from the timer.
        groups = new GroupControllerPlugin(lookup, new EventBus(Clock.systemUTC()), Clock.systemUTC(),
                new GroupControllerPlugin.Options(Duration.ofMinutes(5), 4, true));
    }

    @AfterAll
    static void stop() throws Exception {
        if (groups != null) {
            groups.close();
        }
        if (plugin != null) {
            for (InstanceDescription d : plugin.describeInstances(Map.of(Tags.GROUP, GROUP), false)) {
                plugin.destroy(d.id(), io.infrakit.spi.instance.DestroyContext.terminate());
            }
            plugin.close();
        }
        if (connect != null) {
            connect.close();
        }
    }

    @Test
    void groupOfTwoVmsReplacesOneDestroyedWithVirsh() throws Exception {
        JsonNode doc = Specs.YAML.readTree(Specs.repoRoot().resolve("examples/libvirt/group.yml").toFile());
        String id = GROUP;
        assertThat(id).startsWith(doc.path("metadata").path("name").asText() + "-");
        GroupSpec spec = new GroupSpec(id, doc.path("properties"));
        groups.commitGroup(spec, false);
        try {
            List<String> first = awaitRunning(id, 2, Set.of());
            for (String vm : first) {
                awaitConsole(vm, "infrakit-init: worker " + vm + " up");
            }

            String victim = first.get(0);
            if (Engines.onPath("virsh")) {
                assertThat(Iso9660WriterTest.run("virsh", "-c", QemuGuests.URI, "destroy", victim)).contains("destroyed");
            } else {
                connect.domainLookupByName(victim).destroy(); // the call `virsh destroy` makes
            }

            List<String> after = awaitRunning(id, 2, Set.of(victim));
            assertThat(after).contains(first.get(1)).doesNotContain(victim);
            String replacement = after.stream().filter(vm -> !first.contains(vm)).findFirst().orElseThrow();
            awaitConsole(replacement, "infrakit-init: worker " + replacement + " up");
        } finally {
            groups.destroyGroup(id);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(plugin.describeInstances(Map.of(Tags.GROUP, id), false)).isEmpty());
    }

    /** Waits until the group has {@code size} instances, none of them in {@code gone}; returns their IDs. */
    private static List<String> awaitRunning(String group, int size, Set<String> gone) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<String> ids = plugin.describeInstances(Map.of(Tags.GROUP, group), false).stream().map(InstanceDescription::id).toList();
            assertThat(ids).hasSize(size);
            assertThat(gone).doesNotContainAnyElementsOf(ids);
        });
        return plugin.describeInstances(Map.of(Tags.GROUP, group), false).stream().map(InstanceDescription::id)
                .sorted().collect(Collectors.toList());
    }

    private static void awaitConsole(String vm, String marker) {
        await().atMost(QemuGuests.BOOT_TIMEOUT).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(QemuGuests.read(QemuGuests.consoleLog(vm))).contains(marker));
        try {
            Files.deleteIfExists(QemuGuests.consoleLog(vm));
        } catch (Exception ignored) {
            // best effort
        }
    }
}

package io.infrakit.core.testing;

import io.infrakit.core.event.EventBus;
import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.core.spec.SpecReader;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.plugin.PluginLookup;
import io.infrakit.vanilla.VanillaFlavor;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a provider's {@code *GroupTest} sets up to run its example through the real group controller
 * (published in infrakit-core's test-jar): one instance plugin under its kind's name plus the vanilla
 * flavor, the controller over them, the example read by the spec pipeline, and the waits on members.
 */
public final class GroupHarness {

    private GroupHarness() {
    }

    /** Finds {@code plugin} as instance plugin {@code kind} and the vanilla flavor as {@code vanilla}; nothing else. */
    public static PluginLookup lookup(String kind, InstancePlugin plugin) {
        VanillaFlavor vanilla = new VanillaFlavor();
        return new PluginLookup() {
            @Override
            public InstancePlugin instance(String name) {
                if (name.equals(kind)) {
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
    }

    /**
     * The real group controller over {@link #lookup}, polling every {@code poll} (the providers here
     * send no events, so healing comes from the poll), 8 workers, its own event bus.
     */
    public static GroupControllerPlugin controller(String kind, InstancePlugin plugin, Duration poll) {
        return new GroupControllerPlugin(lookup(kind, plugin), new EventBus(), Clock.systemUTC(),
                new GroupControllerPlugin.Options(poll, 8, true));
    }

    /** The one group spec of {@code file}, read with {@code vars} by the same pipeline as the CLI. */
    public static GroupSpec example(Path file, Map<String, String> vars) {
        List<GroupSpec> specs = new SpecReader(vars, null).readFiles(List.of(file), InputStream.nullInputStream());
        assertThat(specs).hasSize(1);
        return specs.getFirst();
    }

    /** IDs of the group's members as the plugin lists them. */
    public static Set<String> ids(InstancePlugin plugin, String group) {
        return plugin.describeInstances(Map.of(Tags.GROUP, group), false).stream()
                .map(InstanceDescription::id).collect(Collectors.toSet());
    }

    /**
     * Waits until the controller has itself observed every member: until then it counts a fresh
     * provision as not visible yet (the provider may be slow) rather than as lost.
     */
    public static void settled(GroupControllerPlugin groups, InstancePlugin plugin, String group, Duration atMost) {
        await().atMost(atMost).until(() -> observed(groups, group).equals(ids(plugin, group)));
    }

    /**
     * Stricter than {@link #settled}: also converged with no Provision still running (a VM may be
     * listed before its insert returns).
     */
    public static void settledAndIdle(GroupControllerPlugin groups, InstancePlugin plugin, String group, Duration atMost) {
        await().atMost(atMost).until(() -> {
            var d = groups.describeGroup(group);
            return d.converged() && (d.status() == null || d.status().provisioning() == 0)
                    && d.instances().stream().map(InstanceDescription::id).collect(Collectors.toSet()).equals(ids(plugin, group));
        });
    }

    private static Set<String> observed(GroupControllerPlugin groups, String group) {
        return groups.describeGroup(group).instances().stream().map(InstanceDescription::id).collect(Collectors.toSet());
    }
}

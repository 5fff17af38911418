package io.infrakit.core.manager;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A group controller that records what it is told; can hang on commits or reject unknown plugins. */
final class FakeGroupController implements GroupPlugin {
    final Map<String, GroupSpec> groups = new ConcurrentHashMap<>();
    final Map<String, Integer> sizes = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile CountDownLatch hang;

    @Override
    public String commitGroup(GroupSpec spec, boolean pretend) {
        String plugin = spec.properties().at("/Instance/Plugin").asText();
        if (plugin.startsWith("nosuch")) {
            throw new PluginException("no-plugin:" + plugin);
        }
        calls.add((pretend ? "pretend " : "commit ") + spec.id());
        if (pretend) {
            return "Would manage " + sizeOf(spec) + " instances";
        }
        CountDownLatch h = hang;
        if (h != null) {
            try {
                h.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        groups.put(spec.id(), spec);
        sizes.put(spec.id(), sizeOf(spec));
        return "Managing " + sizeOf(spec) + " instances";
    }

    @Override
    public void freeGroup(String id) {
        calls.add("free " + id);
        groups.remove(id);
    }

    @Override
    public GroupDescription describeGroup(String id) {
        if (!groups.containsKey(id)) {
            throw new PluginException("Group '" + id + "' is not being watched");
        }
        return new GroupDescription(List.of(), true);
    }

    @Override
    public void destroyGroup(String id) {
        calls.add("destroy " + id);
        groups.remove(id);
    }

    @Override
    public List<GroupSpec> inspectGroups() {
        return new ArrayList<>(groups.values());
    }

    @Override
    public void destroyInstances(String id, List<String> instanceIds) {
        calls.add("destroyInstances " + id + " " + instanceIds);
        sizes.computeIfPresent(id, (k, v) -> v - instanceIds.size());
    }

    @Override
    public int size(String id) {
        return sizes.getOrDefault(id, 0);
    }

    @Override
    public void setSize(String id, int size) {
        calls.add("setSize " + id + " " + size);
        sizes.put(id, size);
    }

    /** The stored Allocation.Size of a spec (0 when absent). */
    static int sizeOf(io.infrakit.spi.group.GroupSpec spec) {
        return spec.properties() == null ? 0 : spec.properties().path("Allocation").path("Size").asInt(0);
    }
}

package io.infrakit.simulator;

import io.infrakit.spi.instance.InstanceDescription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The instances of one simulated object, in creation order, with an index by tag: listing one
 * group among many thousands of instances touches only that group's bucket. Not thread-safe:
 * {@link SimulatorInstancePlugin} calls it under its lock.
 */
final class InstanceIndex {

    /**
     * An instance with its two descriptions built once, so a listing allocates nothing per
     * instance; {@code seq} orders index buckets by creation whatever labels came and went.
     */
    record Entry(long seq, SimulatedInstance instance, InstanceDescription summary, InstanceDescription full) {
        Entry(long seq, SimulatedInstance i) {
            this(seq, i, i.describe(false), i.describe(true));
        }
    }

    // Insertion order = creation order, so listings read naturally.
    private final Map<String, Entry> instances = new LinkedHashMap<>();
    // tag name -> tag value -> creation seq -> entry.
    private final Map<String, Map<String, NavigableMap<Long, Entry>>> index = new HashMap<>();
    private long nextSeq;

    Entry get(String id) {
        return instances.get(id);
    }

    int size() {
        return instances.size();
    }

    boolean isEmpty() {
        return instances.isEmpty();
    }

    /** Every instance, in creation order. */
    List<SimulatedInstance> snapshot() {
        List<SimulatedInstance> out = new ArrayList<>(instances.size());
        for (Entry e : instances.values()) {
            out.add(e.instance());
        }
        return out;
    }

    /** The smallest index bucket among the wanted tags, or everything when no tag is wanted. */
    Collection<Entry> candidates(Map<String, String> wanted) {
        if (wanted == null || wanted.isEmpty()) {
            return instances.values();
        }
        NavigableMap<Long, Entry> smallest = null;
        for (Map.Entry<String, String> w : wanted.entrySet()) {
            Map<String, NavigableMap<Long, Entry>> byValue = index.get(w.getKey());
            NavigableMap<Long, Entry> bucket = byValue == null ? null : byValue.get(w.getValue());
            if (bucket == null) {
                return List.of();
            }
            if (smallest == null || bucket.size() < smallest.size()) {
                smallest = bucket;
            }
        }
        return smallest.values();
    }

    void add(SimulatedInstance i) {
        Entry e = new Entry(nextSeq++, i);
        instances.put(i.id(), e);
        for (Map.Entry<String, String> t : i.tags().entrySet()) {
            bucket(t.getKey(), t.getValue()).put(e.seq(), e);
        }
    }

    private NavigableMap<Long, Entry> bucket(String key, String value) {
        return index.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(value, v -> new TreeMap<>());
    }

    /** Gives an entry's instance other tags, keeping its place in listings. */
    void retag(Entry old, Map<String, String> tags) {
        Entry now = new Entry(old.seq(), old.instance().withTags(tags));
        String id = old.instance().id();
        instances.put(id, now); // an existing key keeps its position
        Map<String, String> oldTags = old.instance().tags();
        Map<String, String> newTags = now.instance().tags();
        for (Map.Entry<String, String> t : oldTags.entrySet()) {
            if (!t.getValue().equals(newTags.get(t.getKey()))) {
                unindex(t.getKey(), t.getValue(), old.seq());
            }
        }
        for (Map.Entry<String, String> t : newTags.entrySet()) {
            bucket(t.getKey(), t.getValue()).put(now.seq(), now);
        }
    }

    /** The instance removed, or null when there was none with this ID. */
    SimulatedInstance remove(String id) {
        Entry e = instances.remove(id);
        if (e == null) {
            return null;
        }
        for (Map.Entry<String, String> t : e.instance().tags().entrySet()) {
            unindex(t.getKey(), t.getValue(), e.seq());
        }
        return e.instance();
    }

    private void unindex(String key, String value, long seq) {
        Map<String, NavigableMap<Long, Entry>> byValue = index.get(key);
        NavigableMap<Long, Entry> bucket = byValue.get(value);
        bucket.remove(seq);
        if (bucket.isEmpty()) {
            byValue.remove(value);
            if (byValue.isEmpty()) {
                index.remove(key);
            }
        }
    }
}

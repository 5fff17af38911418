package io.infrakit.simulator;

import io.infrakit.spi.instance.InstanceDescription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            this(seq, i, i.describe(false));
        }

        private Entry(long seq, SimulatedInstance i, InstanceDescription summary) {
            // Without properties the two descriptions are equal: one object serves both.
            this(seq, i, summary, i.properties() == null ? summary : i.describe(true));
        }
    }

    // Insertion order = creation order, so listings read naturally.
    private final Map<String, Entry> instances = new LinkedHashMap<>();
    // tag name -> tag value -> entries sorted by seq. A sorted list rather than a TreeMap<Long, Entry>:
    // 4 bytes per instance and tag instead of 64 (an entry and a boxed key); new instances append,
    // and removing one from a bucket of 10,000 moves at most 40 KB.
    private final Map<String, Map<String, ArrayList<Entry>>> index = new HashMap<>();
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
        List<Entry> smallest = null;
        for (Map.Entry<String, String> w : wanted.entrySet()) {
            Map<String, ArrayList<Entry>> byValue = index.get(w.getKey());
            List<Entry> bucket = byValue == null ? null : byValue.get(w.getValue());
            if (bucket == null) {
                return List.of();
            }
            if (smallest == null || bucket.size() < smallest.size()) {
                smallest = bucket;
            }
        }
        return Collections.unmodifiableList(smallest);
    }

    void add(SimulatedInstance i) {
        Entry e = new Entry(nextSeq++, i);
        instances.put(i.id(), e);
        for (Map.Entry<String, String> t : i.tags().entrySet()) {
            place(bucket(t.getKey(), t.getValue()), e);
        }
    }

    private ArrayList<Entry> bucket(String key, String value) {
        return index.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(value, v -> new ArrayList<>());
    }

    /** Puts {@code e} in its place by seq, replacing the entry with the same seq if there is one. */
    private static void place(ArrayList<Entry> bucket, Entry e) {
        int n = bucket.size();
        if (n == 0 || bucket.get(n - 1).seq() < e.seq()) {
            bucket.add(e); // the common case: a new instance is the newest
            return;
        }
        int i = find(bucket, e.seq());
        if (i >= 0) {
            bucket.set(i, e);
        } else {
            bucket.add(-(i + 1), e);
        }
    }

    /** Binary search by seq: the index, or -(insertion point) - 1. */
    private static int find(List<Entry> bucket, long seq) {
        int lo = 0;
        int hi = bucket.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long s = bucket.get(mid).seq();
            if (s < seq) {
                lo = mid + 1;
            } else if (s > seq) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
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
            place(bucket(t.getKey(), t.getValue()), now);
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
        Map<String, ArrayList<Entry>> byValue = index.get(key);
        ArrayList<Entry> bucket = byValue.get(value);
        int i = find(bucket, seq);
        if (i >= 0) {
            bucket.remove(i);
        }
        if (bucket.isEmpty()) {
            byValue.remove(value);
            if (byValue.isEmpty()) {
                index.remove(key);
            }
        }
    }
}

package io.infrakit.spi.instance;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Shares equal tag names, name sets and values among the instances a daemon keeps ({@link CompactTags}):
 * ten thousand members of a group carry the same group, config hash and flavor tags, and an instance
 * decoded from JSON brings fresh copies of each. Bounded: each of its two tables keeps at most its bound
 * of entries and drops the least recently used beyond it, so values unique to one instance (a logical ID,
 * a name) cannot make it grow without end. A dropped entry only stops being shared. Thread-safe.
 */
public final class TagPool {

    /** Values kept by default: a few groups' worth of shared values, and room for churn. */
    public static final int DEFAULT_VALUES = 4096;
    /** Distinct name sets kept by default: one or a few per group. */
    public static final int DEFAULT_NAME_SETS = 256;

    private final ReentrantLock lock = new ReentrantLock();
    private final Bounded<String, String> values;
    private final Bounded<List<String>, String[]> nameSets;

    public TagPool() {
        this(DEFAULT_VALUES, DEFAULT_NAME_SETS);
    }

    /** @param maxValues at most this many values kept; @param maxNameSets at most this many name sets */
    public TagPool(int maxValues, int maxNameSets) {
        if (maxValues < 1 || maxNameSets < 1) {
            throw new IllegalArgumentException("tag pool bounds must be at least 1, not " + maxValues + " and "
                    + maxNameSets);
        }
        this.values = new Bounded<>(maxValues);
        this.nameSets = new Bounded<>(maxNameSets);
    }

    /** The pooled string equal to {@code value} (null stays null). */
    public String value(String value) {
        if (value == null) {
            return null;
        }
        lock.lock();
        try {
            String kept = values.get(value);
            if (kept != null) {
                return kept;
            }
            values.put(value, value);
            return value;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The pooled array equal to {@code sortedNames} (sorted, no nulls), its names pooled too. Callers
     * must never write to the array they get.
     */
    public String[] names(String[] sortedNames) {
        List<String> key = Arrays.asList(sortedNames);
        lock.lock();
        try {
            String[] kept = nameSets.get(key);
            if (kept != null) {
                return kept;
            }
        } finally {
            lock.unlock();
        }
        String[] pooled = new String[sortedNames.length];
        for (int i = 0; i < pooled.length; i++) {
            pooled[i] = value(sortedNames[i]);
        }
        lock.lock();
        try {
            String[] raced = nameSets.get(key);
            if (raced != null) {
                return raced;
            }
            nameSets.put(List.of(pooled), pooled);
            return pooled;
        } finally {
            lock.unlock();
        }
    }

    /** How many values are kept now (for tests and diagnostics). */
    public int valueCount() {
        lock.lock();
        try {
            return values.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many name sets are kept now (for tests and diagnostics). */
    public int nameSetCount() {
        lock.lock();
        try {
            return nameSets.size();
        } finally {
            lock.unlock();
        }
    }

    /** Least recently used first; the eldest goes when a put passes the bound. */
    private static final class Bounded<K, V> extends LinkedHashMap<K, V> {
        private final int max;

        Bounded(int max) {
            super(16, 0.75f, true);
            this.max = max;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > max;
        }
    }
}

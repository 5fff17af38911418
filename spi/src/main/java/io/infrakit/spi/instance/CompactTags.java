package io.infrakit.spi.instance;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

/**
 * An instance's tags as a daemon keeps them for thousands of instances: an immutable map over a
 * sorted key array shared by every instance with the same tag names, and one array of values (equal
 * values shared through a {@link TagPool}). About 64 bytes for four tags, against some 380 for an
 * unmodifiable LinkedHashMap. Iterates sorted by key, as Go writes maps, so JSON output reads like
 * InfraKit's. Equal to any {@link Map} with the same entries.
 */
public final class CompactTags extends AbstractMap<String, String> {

    private static final CompactTags EMPTY = new CompactTags(new String[0], new String[0]);

    private final String[] keys;   // sorted, shared: never written after construction
    private final String[] values; // values[i] belongs to keys[i]

    private CompactTags(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
    }

    /**
     * The compact form of {@code tags}, with names and values shared through {@code pool}; {@code tags}
     * itself when it is already compact. A null map is the empty one. A map with a null name (no JSON can
     * carry one) is copied as an unmodifiable sorted map instead.
     */
    public static Map<String, String> of(Map<String, String> tags, TagPool pool) {
        if (tags instanceof CompactTags c) {
            return c;
        }
        if (tags == null || tags.isEmpty()) {
            return EMPTY;
        }
        String[] names = tags.keySet().toArray(new String[0]);
        for (String n : names) {
            if (n == null) { // asked this way: Map.of(...).containsKey(null) throws
                return Collections.unmodifiableMap(new LinkedHashMap<>(nullSafeSorted(tags)));
            }
        }
        Arrays.sort(names);
        String[] shared = pool.names(names);
        String[] vals = new String[shared.length];
        for (int i = 0; i < shared.length; i++) {
            vals[i] = pool.value(tags.get(shared[i]));
        }
        return new CompactTags(shared, vals);
    }

    private static Map<String, String> nullSafeSorted(Map<String, String> tags) {
        TreeMap<String, String> sorted = new TreeMap<>(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        sorted.putAll(tags);
        return sorted;
    }

    private int indexOf(Object key) {
        if (!(key instanceof String s)) {
            return -1;
        }
        int i = Arrays.binarySearch(keys, s);
        return i < 0 ? -1 : i;
    }

    /** The {@code i}th name in sorted order (0 to {@code size() - 1}): a writer walks them without entry objects. */
    public String nameAt(int i) {
        return keys[i];
    }

    /** The value of {@link #nameAt(int) nameAt(i)}. */
    public String valueAt(int i) {
        return values[i];
    }

    @Override
    public String get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean isEmpty() {
        return keys.length == 0;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}

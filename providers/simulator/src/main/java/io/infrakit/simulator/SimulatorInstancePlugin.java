package io.infrakit.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.Attachment;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceChangeSource;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * One simulated object (e.g. {@code simulator/compute}): a fake cloud of instances in memory,
 * optionally persisted. Thread-safe: a group controller calls it from many virtual threads.
 * <p>
 * Every instance carries the tag {@code simulator=simulator}, as InfraKit's simulator wrote.
 * IDs are numeric strings from a nanosecond-based counter (InfraKit's looked the same), so they
 * stay unique across restarts. DescribeInstances uses an index by tag, so listing one group
 * among many thousands of instances costs only that group's size.
 */
public final class SimulatorInstancePlugin implements InstancePlugin, InstanceChangeSource {

    /**
     * An instance with its two descriptions built once, so a listing allocates nothing per
     * instance; {@code seq} orders index buckets by creation whatever labels came and went.
     */
    private record Entry(long seq, SimulatedInstance instance, InstanceDescription summary, InstanceDescription full) {
        Entry(long seq, SimulatedInstance i) {
            this(seq, i, i.describe(false), i.describe(true));
        }
    }

    /** The tag every simulated instance carries (name and value), like InfraKit's simulator. */
    public static final String SIMULATOR_TAG = "simulator";

    private static final Logger log = LoggerFactory.getLogger(SimulatorInstancePlugin.class);

    private final String name;
    private final SimulatorOptions options;
    private final InstantSource clock;
    private final Random random;
    private final StateFile stateFile; // null when not persisted

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    // Guarded by lock. Insertion order = creation order, so listings read naturally.
    private final Map<String, Entry> instances = new LinkedHashMap<>();
    // Guarded by lock: tag name -> tag value -> creation seq -> entry. Lets a listing by group tag touch only that group.
    private final Map<String, Map<String, NavigableMap<Long, Entry>>> index = new HashMap<>();
    private long nextSeq; // guarded by lock
    private long version; // guarded by lock: bumped on every change, orders persisted snapshots

    private final AtomicLong lastId;
    private final List<Consumer<InstanceChange>> listeners = new CopyOnWriteArrayList<>();

    private final LongAdder validateCalls = new LongAdder();
    private final LongAdder provisionCalls = new LongAdder();
    private final LongAdder provisionFailures = new LongAdder();
    private final LongAdder labelCalls = new LongAdder();
    private final LongAdder destroyCalls = new LongAdder();
    private final LongAdder describeCalls = new LongAdder();
    private final LongAdder describeWithPropertiesCalls = new LongAdder();

    /** An in-memory object with default options and the system clock. */
    public SimulatorInstancePlugin(String name) {
        this(name, SimulatorOptions.DEFAULTS, Clock.systemUTC(), null);
    }

    /** An in-memory object (never persisted, whatever {@code options.persist()} says). */
    public SimulatorInstancePlugin(String name, SimulatorOptions options, InstantSource clock) {
        this(name, options, clock, null);
    }

    /**
     * An object whose state lives in {@code stateFile} (loaded now, rewritten on every change)
     * when that is not null.
     *
     * @throws UncheckedIOException when an existing state file cannot be read
     */
    public SimulatorInstancePlugin(String name, SimulatorOptions options, InstantSource clock, Path stateFile) {
        this.name = name;
        this.options = options;
        this.clock = clock;
        this.random = options.seed() == null ? new Random() : new Random(options.seed());
        this.stateFile = stateFile == null ? null : new StateFile(stateFile);
        long maxLoaded = 0;
        if (this.stateFile != null) {
            for (StateFile.Stored s : this.stateFile.load()) {
                SimulatedInstance i = StateFile.toInstance(s, options.visibleAfter());
                add(i);
                maxLoaded = Math.max(maxLoaded, numericOrZero(i.id()));
            }
            if (!instances.isEmpty()) {
                log.info("simulator/{}: reloaded {} instances from {}", name, instances.size(), stateFile);
            }
        }
        Instant now = clock.instant();
        long nanosNow = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.lastId = new AtomicLong(Math.max(maxLoaded, nanosNow));
    }

    /** The object's name ({@code compute}, {@code disk}, {@code net}). */
    public String name() {
        return name;
    }

    public SimulatorOptions options() {
        return options;
    }

    @Override
    public void validate(JsonNode properties) {
        validateCalls.increment();
        checkProperties(properties);
    }

    @Override
    public String provision(InstanceSpec spec) {
        provisionCalls.increment();
        if (spec == null) {
            throw new PluginException("simulator/" + name + ": Provision needs a Spec");
        }
        checkProperties(spec.properties());
        if (!options.provisionDelay().isZero()) {
            sleep(options.provisionDelay());
        }
        if (options.failureRate() > 0 && random.nextDouble() < options.failureRate()) {
            provisionFailures.increment();
            throw new PluginException("simulator/" + name + ": simulated provisioning failure (option failure-rate="
                    + options.failureRate() + "); retry, or start the simulator without that option");
        }
        Map<String, String> tags = new HashMap<>();
        if (spec.tags() != null) {
            tags.putAll(spec.tags());
        }
        tags.put(SIMULATOR_TAG, SIMULATOR_TAG);
        Instant now = clock.instant();
        String id = Long.toString(lastId.incrementAndGet());
        SimulatedInstance instance = new SimulatedInstance(id, spec.logicalId(), sortedTags(tags),
                spec.properties() == null ? null : spec.properties().deepCopy(), spec.init(),
                spec.attachments() == null ? null : List.copyOf(spec.attachments()), now, now.plus(options.visibleAfter()));
        lock.writeLock().lock();
        try {
            add(instance);
            version++;
        } finally {
            lock.writeLock().unlock();
        }
        persist();
        log.debug("simulator/{}: provisioned {} logicalID={} tags={}", name, id, spec.logicalId(), instance.tags());
        return id;
    }

    @Override
    public void label(String instanceId, Map<String, String> labels) {
        labelCalls.increment();
        lock.writeLock().lock();
        try {
            Entry oldEntry = instances.get(instanceId);
            if (oldEntry == null) {
                throw unknown("Label", instanceId);
            }
            SimulatedInstance old = oldEntry.instance();
            Map<String, String> merged = new HashMap<>(old.tags());
            if (labels != null) {
                merged.putAll(labels);
            }
            replace(oldEntry, new Entry(oldEntry.seq(), old.withTags(sortedTags(merged))));
            version++;
        } finally {
            lock.writeLock().unlock();
        }
        persist();
        log.debug("simulator/{}: labelled {} with {}", name, instanceId, labels);
    }

    @Override
    public void destroy(String instanceId, DestroyContext context) {
        destroyCalls.increment();
        SimulatedInstance gone;
        lock.writeLock().lock();
        try {
            gone = remove(instanceId);
            if (gone == null) {
                throw unknown("Destroy", instanceId);
            }
            version++;
        } finally {
            lock.writeLock().unlock();
        }
        persist();
        String reason = context == null ? null : context.reason();
        log.debug("simulator/{}: destroyed {} reason={}", name, instanceId, reason);
        notifyLost(gone, "destroyed (reason " + reason + ")");
    }

    @Override
    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        describeCalls.increment();
        if (properties) {
            describeWithPropertiesCalls.increment();
        }
        Instant now = clock.instant();
        boolean checkVisibility = !options.visibleAfter().isZero();
        lock.readLock().lock();
        try {
            Collection<Entry> candidates = candidates(tags);
            // One wanted tag: its index bucket holds exactly the matches, no need to test tags again.
            boolean checkTags = tags != null && tags.size() > 1;
            List<InstanceDescription> out = new ArrayList<>(candidates.size());
            for (Entry e : candidates) {
                if (checkVisibility && now.isBefore(e.instance().visibleAt())) {
                    continue;
                }
                if (!checkTags || Tags.containsAll(e.instance().tags(), tags)) {
                    out.add(properties ? e.full() : e.summary());
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    // --- In-process API for tests and benchmarks ---------------------------------------------

    /**
     * Removes an instance without going through Destroy, as when a VM crashes or someone deletes
     * it in the cloud console. Watchers get {@link InstanceChange.Kind#LOST}. Returns false when
     * no such instance exists.
     */
    public boolean kill(String instanceId) {
        SimulatedInstance gone;
        lock.writeLock().lock();
        try {
            gone = remove(instanceId);
            if (gone == null) {
                return false;
            }
            version++;
        } finally {
            lock.writeLock().unlock();
        }
        persist();
        log.info("simulator/{}: killed {} behind the controller's back", name, instanceId);
        notifyLost(gone, "killed behind the back");
        return true;
    }

    /** The instance with this ID, visible yet or not. */
    public Optional<SimulatedInstance> instance(String instanceId) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(instances.get(instanceId)).map(Entry::instance);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every instance, visible yet or not, in creation order. */
    public List<SimulatedInstance> instances() {
        lock.readLock().lock();
        try {
            return snapshot();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Caller holds the lock. */
    private List<SimulatedInstance> snapshot() {
        List<SimulatedInstance> out = new ArrayList<>(instances.size());
        for (Entry e : instances.values()) {
            out.add(e.instance());
        }
        return out;
    }

    /** How many instances exist, visible yet or not. */
    public int size() {
        lock.readLock().lock();
        try {
            return instances.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Calls so far to each method. */
    public CallCounts calls() {
        return new CallCounts(validateCalls.sum(), provisionCalls.sum(), provisionFailures.sum(), labelCalls.sum(),
                destroyCalls.sum(), describeCalls.sum(), describeWithPropertiesCalls.sum());
    }

    /** Sets every call counter back to zero. */
    public void resetCalls() {
        for (LongAdder a : List.of(validateCalls, provisionCalls, provisionFailures, labelCalls, destroyCalls,
                describeCalls, describeWithPropertiesCalls)) {
            a.reset();
        }
    }

    @Override
    public AutoCloseable watch(Consumer<InstanceChange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // --- internals ----------------------------------------------------------------------------

    /** Unmodifiable, sorted by key: Go writes map keys sorted, so our JSON reads like InfraKit's. */
    static Map<String, String> sortedTags(Map<String, String> tags) {
        // Sorted once into a LinkedHashMap: hash lookups for filtering, sorted iteration for output.
        return tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(tags)));
    }

    /** The smallest index bucket among the wanted tags, or everything when no tag is wanted. Caller holds the lock. */
    private Collection<Entry> candidates(Map<String, String> wanted) {
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

    /** Caller holds the write lock (or is the constructor). */
    private void add(SimulatedInstance i) {
        Entry e = new Entry(nextSeq++, i);
        instances.put(i.id(), e);
        for (Map.Entry<String, String> t : i.tags().entrySet()) {
            bucket(t.getKey(), t.getValue()).put(e.seq(), e);
        }
    }

    private NavigableMap<Long, Entry> bucket(String key, String value) {
        return index.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(value, v -> new TreeMap<>());
    }

    /** Swaps an entry for one with other tags, keeping its place in listings. Caller holds the write lock. */
    private void replace(Entry old, Entry now) {
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

    /** Caller holds the write lock. */
    private SimulatedInstance remove(String id) {
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

    private void persist() {
        if (stateFile == null) {
            return;
        }
        try {
            stateFile.save(() -> {
                lock.readLock().lock();
                try {
                    return new StateFile.Snapshot(version, snapshot());
                } finally {
                    lock.readLock().unlock();
                }
            });
        } catch (UncheckedIOException e) {
            throw new PluginException("simulator/" + name + ": " + e.getMessage(), e);
        }
    }

    private void notifyLost(SimulatedInstance gone, String detail) {
        InstanceChange change = new InstanceChange(InstanceChange.Kind.LOST, gone.id(), gone.tags(), detail);
        for (Consumer<InstanceChange> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                log.warn("simulator/{}: a watcher failed on {}: {}", name, change, e.toString());
            }
        }
    }

    private PluginException unknown(String method, String instanceId) {
        return new PluginException("simulator/" + name + ": " + method + ": no instance with ID '" + instanceId
                + "' (never provisioned here, or already destroyed); list them with DescribeInstances");
    }

    private void checkProperties(JsonNode properties) {
        if (properties != null && !properties.isNull() && !properties.isObject()) {
            throw new PluginException("simulator/" + name + ": Properties must be a JSON object (or null), not "
                    + properties.getNodeType().name().toLowerCase() + " " + properties + "; write e.g. {\"cpu\": 1}");
        }
    }

    private void sleep(java.time.Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("simulator/" + name + ": Provision interrupted during its provision-delay", e);
        }
    }

    private static long numericOrZero(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

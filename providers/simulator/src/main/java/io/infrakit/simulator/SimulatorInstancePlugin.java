package io.infrakit.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.ChangeListeners;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * One simulated object (e.g. {@code simulator/compute}): a fake cloud of instances in memory,
 * optionally persisted. Thread-safe: a group controller calls it from many virtual threads.
 * <p>
 * Every instance carries the tag {@code simulator=simulator}, as InfraKit's simulator wrote.
 * IDs are numeric strings from a nanosecond-based counter (InfraKit's looked the same), so they
 * stay unique across restarts. DescribeInstances uses an index by tag ({@link InstanceIndex}), so
 * listing one group among many thousands of instances costs only that group's size. The options'
 * slow, failing and late-showing cloud is {@link FaultInjection}'s; watchers are {@link ChangeListeners}.
 */
public final class SimulatorInstancePlugin implements InstancePlugin, InstanceChangeSource,
        io.infrakit.spi.instance.InstanceLifecycle {

    /** The tag every simulated instance carries (name and value), like InfraKit's simulator. */
    public static final String SIMULATOR_TAG = "simulator";

    private static final Logger log = LoggerFactory.getLogger(SimulatorInstancePlugin.class);

    private final String name;
    private final SimulatorOptions options;
    private final InstantSource clock;
    private final FaultInjection faults;
    private final StateFile stateFile; // null when not persisted

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final InstanceIndex instances = new InstanceIndex(); // guarded by lock
    private long version; // guarded by lock: bumped on every change, orders persisted snapshots
    /** Instances stopped by Stop (the warm pool's state), until Start or their end; guarded by lock, not persisted. */
    private final java.util.Set<String> stopped = new java.util.HashSet<>();

    private final AtomicLong lastId;
    private final ChangeListeners listeners;
    /** Tags and Properties shared between instances, so that 10,000 alike cost little memory. */
    private final SharedValues shared = new SharedValues();

    private final CallCounters calls = new CallCounters();

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
        this.faults = new FaultInjection(name, options);
        this.listeners = new ChangeListeners((change, e) ->
                log.warn("simulator/{}: a watcher failed on {}: {}", name, change, e.toString()));
        this.stateFile = stateFile == null ? null : new StateFile(stateFile);
        long maxLoaded = 0;
        if (this.stateFile != null) {
            for (StateFile.Stored s : this.stateFile.load()) {
                SimulatedInstance i = StateFile.toInstance(s, options.visibleAfter(), shared);
                instances.add(i);
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
        calls.validate.increment();
        checkProperties(properties);
    }

    @Override
    public String provision(InstanceSpec spec) {
        calls.provision.increment();
        if (spec == null) {
            throw new PluginException("simulator/" + name + ": Provision needs a Spec");
        }
        checkProperties(spec.properties());
        faults.delayProvision();
        if (faults.provisionFails()) {
            calls.provisionFailures.increment();
            throw faults.provisionFailure();
        }
        Map<String, String> tags = new HashMap<>();
        if (spec.tags() != null) {
            tags.putAll(spec.tags());
        }
        tags.put(SIMULATOR_TAG, SIMULATOR_TAG);
        Instant now = clock.instant();
        String id = Long.toString(lastId.incrementAndGet());
        SimulatedInstance instance = new SimulatedInstance(id, spec.logicalId(), shared.tags(tags),
                shared.properties(spec.properties()), spec.init(),
                spec.attachments() == null ? null : List.copyOf(spec.attachments()), now, faults.visibleAt(now));
        lock.writeLock().lock();
        try {
            instances.add(instance);
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
        calls.label.increment();
        lock.writeLock().lock();
        try {
            InstanceIndex.Entry oldEntry = instances.get(instanceId);
            if (oldEntry == null) {
                throw unknown("Label", instanceId);
            }
            Map<String, String> merged = new HashMap<>(oldEntry.instance().tags());
            if (labels != null) {
                merged.putAll(labels);
            }
            instances.retag(oldEntry, shared.tags(merged));
            version++;
        } finally {
            lock.writeLock().unlock();
        }
        persist();
        log.debug("simulator/{}: labelled {} with {}", name, instanceId, labels);
    }

    @Override
    public void destroy(String instanceId, DestroyContext context) {
        calls.destroy.increment();
        SimulatedInstance gone;
        lock.writeLock().lock();
        try {
            gone = instances.remove(instanceId);
            if (gone == null) {
                throw unknown("Destroy", instanceId);
            }
            stopped.remove(instanceId);
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
        calls.describe.increment();
        if (properties) {
            calls.describeWithProperties.increment();
        }
        Instant now = clock.instant();
        boolean checkVisibility = faults.hidesNewInstances();
        lock.readLock().lock();
        try {
            Collection<InstanceIndex.Entry> candidates = instances.candidates(tags);
            // One wanted tag: its index bucket holds exactly the matches, no need to test tags again.
            boolean checkTags = tags != null && tags.size() > 1;
            List<InstanceDescription> out = new ArrayList<>(candidates.size());
            for (InstanceIndex.Entry e : candidates) {
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

    /** Starts a stopped instance; starting a running one is not an error. */
    @Override
    public void start(String instanceId) {
        setStopped("Start", instanceId, false);
    }

    /** Stops an instance, keeping it and its tags; stopping a stopped one is not an error. */
    @Override
    public void stop(String instanceId) {
        setStopped("Stop", instanceId, true);
    }

    private void setStopped(String call, String instanceId, boolean stop) {
        lock.writeLock().lock();
        try {
            if (instances.get(instanceId) == null) {
                throw unknown(call, instanceId);
            }
            if (stop) {
                stopped.add(instanceId);
            } else {
                stopped.remove(instanceId);
            }
        } finally {
            lock.writeLock().unlock();
        }
        log.debug("simulator/{}: {} {}", name, stop ? "stopped" : "started", instanceId);
    }

    // --- In-process API for tests and benchmarks ---------------------------------------------

    /** True when the instance exists and was stopped (Stop) and not started since. */
    public boolean isStopped(String instanceId) {
        lock.readLock().lock();
        try {
            return stopped.contains(instanceId);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Removes an instance without going through Destroy, as when a VM crashes or someone deletes
     * it in the cloud console. Watchers get {@link InstanceChange.Kind#LOST}. Returns false when
     * no such instance exists.
     */
    public boolean kill(String instanceId) {
        SimulatedInstance gone;
        lock.writeLock().lock();
        try {
            gone = instances.remove(instanceId);
            if (gone == null) {
                return false;
            }
            stopped.remove(instanceId);
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
            return Optional.ofNullable(instances.get(instanceId)).map(InstanceIndex.Entry::instance);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every instance, visible yet or not, in creation order. */
    public List<SimulatedInstance> instances() {
        lock.readLock().lock();
        try {
            return instances.snapshot();
        } finally {
            lock.readLock().unlock();
        }
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
        return calls.snapshot();
    }

    /** Sets every call counter back to zero. */
    public void resetCalls() {
        calls.reset();
    }

    @Override
    public AutoCloseable watch(Consumer<InstanceChange> listener) {
        return listeners.add(listener);
    }

    // --- internals ----------------------------------------------------------------------------

    private void persist() {
        if (stateFile == null) {
            return;
        }
        try {
            stateFile.save(() -> {
                lock.readLock().lock();
                try {
                    return new StateFile.Snapshot(version, instances.snapshot());
                } finally {
                    lock.readLock().unlock();
                }
            });
        } catch (UncheckedIOException e) {
            throw new PluginException("simulator/" + name + ": " + e.getMessage(), e);
        }
    }

    private void notifyLost(SimulatedInstance gone, String detail) {
        listeners.notify(new InstanceChange(InstanceChange.Kind.LOST, gone.id(), gone.tags(), detail));
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

    private static long numericOrZero(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

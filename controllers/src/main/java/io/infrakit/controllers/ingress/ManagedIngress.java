package io.infrakit.controllers.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.controllers.GroupEvents;
import io.infrakit.controllers.GroupMembers;
import io.infrakit.controllers.GroupRef;
import io.infrakit.controllers.SyncLoop;
import io.infrakit.core.event.Event;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.loadbalancer.HealthCheck;
import io.infrakit.spi.loadbalancer.L4;
import io.infrakit.spi.loadbalancer.L4Drain;
import io.infrakit.spi.loadbalancer.Route;
import io.infrakit.spi.plugin.PluginLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * One committed ingress: keeps each entry's balancer equal to its spec (routes, health checks) and
 * its backends equal to the groups' members, on every change the group controller publishes and on
 * the sync period. A member about to be destroyed is drained in the balancers first, on the
 * destroy's own thread, so its connections finish before the flavor's Drain and the destroy.
 */
final class ManagedIngress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedIngress.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A provisioned member not yet in DescribeGroup is counted this long. */
    private static final Duration FRESH_FOR = Duration.ofMinutes(1);
    /** A destroyed or lost member is kept out this long, whatever a stale DescribeGroup says. */
    private static final Duration GONE_FOR = Duration.ofMinutes(10);

    private final IngressSpec spec;
    private final PluginLookup plugins;
    private final GroupMembers members;
    private final Clock clock;
    private final Set<String> groupIds;
    private final ReentrantLock syncLock = new ReentrantLock();
    /** Per balancer plugin: the backends this ingress registered (others are left alone unless HardSync). */
    private final Map<String, Set<String>> ours = new ConcurrentHashMap<>();
    private final Map<String, List<HealthCheck>> configuredChecks = new ConcurrentHashMap<>();
    /** Member ID -> key, as of the last sync or drain. */
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    /** Members being drained (ID -> key): kept out of the desired set, not deregistered until gone. */
    private final Map<String, String> draining = new ConcurrentHashMap<>();
    /** Per balancer plugin: keys set to drain there, until registered again or deregistered. */
    private final Map<String, Set<String>> drained = new ConcurrentHashMap<>();
    private final Map<String, Instant> gone = new ConcurrentHashMap<>();
    private final Map<String, Fresh> fresh = new ConcurrentHashMap<>();
    private volatile AutoCloseable subscription;
    private volatile String lastError;
    private volatile Instant lastSync;
    private volatile Map<String, List<String>> lastBackends = Map.of();
    private final SyncLoop loop;

    private record Fresh(String group, Instant at) {
    }

    ManagedIngress(IngressSpec spec, PluginLookup plugins, Clock clock) {
        this.spec = spec;
        this.plugins = plugins;
        this.members = new GroupMembers(plugins);
        this.clock = clock;
        this.groupIds = spec.groups().stream().map(GroupRef::id).collect(Collectors.toUnmodifiableSet());
        subscribe();
        this.loop = new SyncLoop("ingress-" + spec.name(), spec.options().syncInterval(), this::sync);
    }

    IngressSpec spec() {
        return spec;
    }

    private void subscribe() {
        if (subscription == null) {
            subscription = GroupEvents.subscribe(plugins, spec.options().groupController(), this::onEvent);
        }
    }

    /** On the publisher's thread: quick, except DRAINING, which waits for the member's connections on purpose. */
    void onEvent(Event e) {
        if (e.group() == null || !groupIds.contains(e.group())) {
            return;
        }
        switch (e.type()) {
            case DRAINING -> drain(e.group(), e.instance());
            case LOST, DESTROYED -> {
                gone.put(e.instance(), clock.instant());
                loop.trigger();
            }
            case DESTROY_FAILED -> {
                draining.remove(e.instance());
                loop.trigger();
            }
            case PROVISIONED -> {
                fresh.put(e.instance(), new Fresh(e.group(), clock.instant()));
                loop.trigger();
            }
            case COMMITTED, HEALTHY, UNHEALTHY, CONVERGED, UPDATE_COMPLETED -> loop.trigger();
            default -> {
            }
        }
    }

    private void drain(String group, String instanceId) {
        String key = keys.get(instanceId);
        if (key == null) {
            return;   // never registered: nothing to take out of traffic
        }
        draining.put(instanceId, key);
        for (IngressSpec.Entry entry : spec.entries()) {
            if (entry.groups().stream().noneMatch(g -> g.id().equals(group))) {
                continue;
            }
            try {
                L4 l4 = plugins.lookup(entry.l4Plugin(), L4.class);
                String result;
                try {
                    result = l4 instanceof L4Drain d
                            ? d.drainBackends(List.of(key), spec.options().drainTimeout())
                            : l4.deregisterBackends(List.of(key));
                } catch (PluginException notSupported) {
                    // An InfraKit balancer has no drain: out of the pool at once is the next best thing.
                    result = l4.deregisterBackends(List.of(key));
                }
                drained.computeIfAbsent(entry.l4Plugin(), x -> ConcurrentHashMap.newKeySet()).add(key);
                LOG.info("ingress={} group={} instance={} out of traffic on {}: {}", spec.name(), group, instanceId,
                        entry.l4Plugin(), result);
            } catch (RuntimeException ex) {
                LOG.warn("ingress={} group={} instance={} could not be drained on {}: {}", spec.name(), group, instanceId,
                        entry.l4Plugin(), ex.getMessage());
            }
        }
    }

    void trigger() {
        loop.trigger();
    }

    void sync() {
        syncLock.lock();
        try {
            subscribe();
            Instant now = clock.instant();
            fresh.values().removeIf(f -> f.at().plus(FRESH_FOR).isBefore(now));
            gone.values().removeIf(t -> t.plus(GONE_FOR).isBefore(now));
            // Drained members that are gone: their key leaves the pool, or comes back if a new member has it.
            draining.keySet().removeIf(gone::containsKey);
            Map<String, List<String>> seen = new java.util.TreeMap<>();
            List<String> errors = new ArrayList<>();
            Set<String> memberIds = new java.util.HashSet<>();
            for (IngressSpec.Entry entry : spec.entries()) {
                try {
                    seen.put(entry.l4Plugin(), syncEntry(entry, memberIds));
                } catch (RuntimeException e) {
                    errors.add(entry.l4Plugin() + ": " + e.getMessage());
                }
            }
            if (errors.isEmpty()) {
                memberIds.addAll(draining.keySet());
                keys.keySet().retainAll(memberIds);
            }
            lastBackends = seen;
            lastSync = now;
            lastError = errors.isEmpty() ? null : String.join("; ", errors);
            if (lastError != null) {
                LOG.warn("ingress={} sync incomplete: {}", spec.name(), lastError);
            }
        } finally {
            syncLock.unlock();
        }
    }

    private List<String> syncEntry(IngressSpec.Entry entry, Set<String> memberIds) {
        L4 l4 = plugins.lookup(entry.l4Plugin(), L4.class);
        Map<Integer, Route> existing = l4.routes().stream().collect(Collectors.toMap(Route::loadBalancerPort, r -> r, (a, b) -> a));
        for (Route r : entry.routes()) {
            if (!r.equals(existing.get(r.loadBalancerPort()))) {
                LOG.info("ingress={} {}: {}", spec.name(), entry.l4Plugin(), l4.publish(r));
            }
        }
        if (spec.options().hardSync()) {
            Set<Integer> wanted = entry.routes().stream().map(Route::loadBalancerPort).collect(Collectors.toSet());
            for (Integer port : existing.keySet()) {
                if (!wanted.contains(port)) {
                    LOG.info("ingress={} {}: {}", spec.name(), entry.l4Plugin(), l4.unpublish(port));
                }
            }
        }
        if (!entry.healthChecks().equals(configuredChecks.get(entry.l4Plugin()))) {
            for (HealthCheck hc : entry.healthChecks()) {
                l4.configureHealthCheck(hc);
            }
            configuredChecks.put(entry.l4Plugin(), entry.healthChecks());
        }

        Set<String> exclude = new java.util.HashSet<>(gone.keySet());
        exclude.addAll(draining.keySet());
        Set<String> desired = new LinkedHashSet<>();
        for (GroupRef g : entry.groups()) {
            Set<String> extra = fresh.entrySet().stream().filter(f -> f.getValue().group().equals(g.id()))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            Map<String, String> k = members.keys(g, spec.options().keySelector(), extra, exclude);
            keys.putAll(k);
            memberIds.addAll(k.keySet());
            desired.addAll(k.values());
        }
        desired.addAll(entry.instances());
        Set<String> drainingKeys = new java.util.HashSet<>(draining.values());
        List<String> current = l4.backends();
        Set<String> mine = ours.computeIfAbsent(entry.l4Plugin(), x -> ConcurrentHashMap.newKeySet());
        Set<String> drainedHere = drained.computeIfAbsent(entry.l4Plugin(), x -> ConcurrentHashMap.newKeySet());
        // A key left drained by a member now gone, that a new member has taken (Docker reuses
        // addresses): registering it again puts it back in traffic.
        List<String> add = desired.stream()
                .filter(k -> !current.contains(k) || (drainedHere.contains(k) && !drainingKeys.contains(k))).toList();
        List<String> remove = current.stream()
                .filter(k -> !desired.contains(k) && !drainingKeys.contains(k))
                .filter(k -> spec.options().hardSync() || mine.contains(k))
                .toList();
        if (!add.isEmpty()) {
            LOG.info("ingress={} {} register {}: {}", spec.name(), entry.l4Plugin(), add, l4.registerBackends(add));
            mine.addAll(add);
        }
        if (!remove.isEmpty()) {
            LOG.info("ingress={} {} deregister {}: {}", spec.name(), entry.l4Plugin(), remove, l4.deregisterBackends(remove));
            mine.removeAll(remove);
        }
        drainedHere.removeAll(add);
        drainedHere.removeAll(remove);
        drainedHere.retainAll(current);
        List<String> now = new ArrayList<>(current);
        now.removeAll(remove);
        add.stream().filter(k -> !now.contains(k)).forEach(now::add);
        return now;
    }

    /** The {@code state} of this ingress in Describe: backends per balancer, last sync, last error. */
    JsonNode state() {
        ObjectNode s = JSON.createObjectNode();
        ObjectNode b = s.putObject("Backends");
        lastBackends.forEach((l4, list) -> {
            var arr = b.putArray(l4);
            list.forEach(arr::add);
        });
        if (lastSync != null) {
            s.put("LastSync", lastSync.toString());
        }
        if (lastError != null) {
            s.put("Error", lastError);
        }
        var d = s.putArray("Draining");
        draining.keySet().forEach(d::add);
        return s;
    }

    @Override
    public void close() {
        loop.close();
        AutoCloseable sub = subscription;
        if (sub != null) {
            try {
                sub.close();
            } catch (Exception ignored) {
                // a bus subscription's close does not fail
            }
        }
    }
}

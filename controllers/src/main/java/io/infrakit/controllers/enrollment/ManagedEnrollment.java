package io.infrakit.controllers.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.infrakit.controllers.GroupEvents;
import io.infrakit.controllers.GroupMembers;
import io.infrakit.controllers.SyncLoop;
import io.infrakit.core.event.Event;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import io.infrakit.spi.plugin.PluginLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * One committed enrollment: the downstream plugin holds exactly one instance per member of the
 * source group, tagged with the member's key; missing ones are provisioned, those whose member is
 * gone are destroyed. Runs on the group controller's change events and on the sync period.
 */
final class ManagedEnrollment implements AutoCloseable {

    /** InfraKit's tags on an enrollment: which enrollment made it, and for which source member. */
    static final String NAME_TAG = "infrakit.enrollment.name";
    static final String SOURCE_TAG = "infrakit.enrollment.sourceID";
    private static final Logger LOG = LoggerFactory.getLogger(ManagedEnrollment.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID_TEMPLATE = Pattern.compile("\\{\\{-?\\s*\\.ID\\s*-?}}");
    private static final Duration GONE_FOR = Duration.ofMinutes(10);

    private final EnrollmentSpec spec;
    private final PluginLookup plugins;
    private final GroupMembers members;
    private final Clock clock;
    private final ReentrantLock syncLock = new ReentrantLock();
    private final Map<String, Instant> gone = new ConcurrentHashMap<>();
    private volatile AutoCloseable subscription;
    private volatile Map<String, String> enrolled = Map.of();
    private volatile String lastError;
    private final SyncLoop loop;

    ManagedEnrollment(EnrollmentSpec spec, PluginLookup plugins, Clock clock) {
        this.spec = spec;
        this.plugins = plugins;
        this.members = new GroupMembers(plugins);
        this.clock = clock;
        subscribe();
        this.loop = new SyncLoop("enrollment-" + spec.name(), spec.syncInterval(), this::sync);
    }

    private void subscribe() {
        if (subscription == null) {
            subscription = GroupEvents.subscribe(plugins, spec.groupController(), this::onEvent);
        }
    }

    private void onEvent(Event e) {
        if (!spec.source().id().equals(e.group())) {
            return;
        }
        switch (e.type()) {
            case LOST, DESTROYED -> {
                gone.put(e.instance(), clock.instant());
                loop.trigger();
            }
            case PROVISIONED, COMMITTED, CONVERGED, HEALTHY -> loop.trigger();
            default -> {
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
            gone.values().removeIf(t -> t.plus(GONE_FOR).isBefore(now));
            Map<String, String> source = members.keys(spec.source(), spec.keySelector(), Set.of(), gone.keySet());
            Set<String> wanted = new java.util.HashSet<>(source.values());
            InstancePlugin target = plugins.instance(spec.plugin());
            Map<String, String> have = new HashMap<>();   // enrollment instance ID -> source key
            for (InstanceDescription d : target.describeInstances(Map.of(NAME_TAG, spec.name()), false)) {
                if (spec.name().equals(d.tag(NAME_TAG))) {
                    have.put(d.id(), d.tag(SOURCE_TAG));
                }
            }
            for (Map.Entry<String, String> h : have.entrySet()) {
                if (h.getValue() == null || !wanted.contains(h.getValue())) {
                    target.destroy(h.getKey(), DestroyContext.terminate());
                    LOG.info("enrollment={} removed {} (source member {} is gone)", spec.name(), h.getKey(), h.getValue());
                }
            }
            Set<String> enrolledKeys = new java.util.HashSet<>(have.values());
            Map<String, String> result = new TreeMap<>();
            have.forEach((id, key) -> {
                if (key != null && wanted.contains(key)) {
                    result.put(key, id);
                }
            });
            for (String key : wanted) {
                if (!enrolledKeys.contains(key)) {
                    Map<String, String> tags = Map.of(NAME_TAG, spec.name(), SOURCE_TAG, key);
                    String id = target.provision(new InstanceSpec(render(spec.properties(), key), tags, "", null, null));
                    result.put(key, id);
                    LOG.info("enrollment={} enrolled {} as {} in {}", spec.name(), key, id, spec.plugin());
                }
            }
            enrolled = result;
            lastError = null;
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            throw e;
        } finally {
            syncLock.unlock();
        }
    }

    /** The enrollment's Properties with {@code {{.ID}}} replaced by the member's key, in every text value. */
    static JsonNode render(JsonNode node, String key) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(ID_TEMPLATE.matcher(node.asText()).replaceAll(java.util.regex.Matcher.quoteReplacement(key)));
        }
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                var f = it.next();
                out.set(f.getKey(), render(f.getValue(), key));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(n -> out.add(render(n, key)));
            return out;
        }
        return node;
    }

    JsonNode state() {
        ObjectNode s = JSON.createObjectNode();
        ObjectNode e = s.putObject("Enrolled");
        enrolled.forEach(e::put);
        if (lastError != null) {
            s.put("Error", lastError);
        }
        return s;
    }

    List<String> enrolledKeys() {
        return List.copyOf(enrolled.keySet());
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

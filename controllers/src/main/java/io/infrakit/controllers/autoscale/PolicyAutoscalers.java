package io.infrakit.controllers.autoscale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.controllers.GroupEvents;
import io.infrakit.controllers.SpecProblems;
import io.infrakit.controllers.SyncLoop;
import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.controller.Metadata;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.plugin.PluginLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Carries out the {@code Policy.Autoscale} sections of committed groups: looks at the group plugin's
 * specs every {@code interval} and runs one autoscaler per group that has the section, replaced
 * when the section changes, stopped when it goes. The group validator checked the section's
 * shape at commit; what it could not (the query, against Prometheus; the schedules) is checked
 * here, and a refusal is an {@code AUTOSCALED} event of the group naming the field.
 */
final class PolicyAutoscalers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyAutoscalers.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Running(JsonNode section, ManagedAutoscaler autoscaler) {
    }

    private final PluginLookup plugins;
    private final String groupPlugin;
    private final String groupController;
    private final Clock clock;
    private final Map<String, Running> running = new HashMap<>();
    private final Map<String, JsonNode> refused = new HashMap<>();
    private final SyncLoop loop;

    /**
     * @param groupPlugin     where the groups are committed and resized ({@code group}: the manager, so that
     *                        each new size is stored)
     * @param groupController the group controller whose bus carries the events
     */
    PolicyAutoscalers(PluginLookup plugins, String groupPlugin, String groupController, Duration interval, Clock clock) {
        this.plugins = plugins;
        this.groupPlugin = groupPlugin;
        this.groupController = groupController;
        this.clock = clock;
        this.loop = new SyncLoop("autoscale-policies", interval, this::sync);
    }

    void sync() {
        Set<String> seen = new HashSet<>();
        for (GroupSpec g : plugins.group(groupPlugin).inspectGroups()) {
            JsonNode section = g.properties() == null ? null : g.properties().path("Policy").get("Autoscale");
            if (section == null || !section.isObject()) {
                continue;
            }
            seen.add(g.id());
            Running r = running.get(g.id());
            if ((r != null && r.section().equals(section)) || section.equals(refused.get(g.id()))) {
                continue;
            }
            if (r != null) {
                r.autoscaler().close();
                running.remove(g.id());
            }
            start(g.id(), section);
        }
        for (String id : Set.copyOf(running.keySet())) {
            if (!seen.contains(id)) {
                running.remove(id).autoscaler().close();
                LOG.info("autoscale group={} stopped: its Policy.Autoscale is gone", id);
            }
        }
        refused.keySet().retainAll(seen);
    }

    private void start(String group, JsonNode section) {
        ObjectNode props = section.deepCopy();
        props.put("Group", groupPlugin + "/" + group);
        ObjectNode options = JSON.createObjectNode().put("GroupController", groupController);
        ControllerSpec spec = new ControllerSpec(AutoscaleController.KIND, "", Metadata.named(group), props, options);
        SpecProblems p = new SpecProblems("Policy.Autoscale");
        AutoscaleSpec parsed = AutoscaleSpec.parse(spec, p);
        if (parsed.prometheus() != null && !parsed.query().isBlank()) {
            PrometheusClient.Result r = new PrometheusClient(parsed.prometheus()).query(parsed.query());
            if (r.unparsable()) {
                p.add("properties.Query", "'" + parsed.query() + "' is refused by Prometheus: " + r.error());
            }
        }
        if (!p.isEmpty()) {
            refused.put(group, section);
            String text = "Policy.Autoscale refused, not scaling: "
                    + String.join("; ", p.all()).replace("properties.", "Policy.Autoscale.");
            LOG.warn("autoscale group={} {}", group, text);
            EventBus bus = GroupEvents.bus(plugins, groupController);
            if (bus != null) {
                bus.publish(EventType.AUTOSCALED, group, null, text);
            }
            return;
        }
        running.put(group, new Running(section, new ManagedAutoscaler(parsed, plugins, clock)));
        LOG.info("autoscale group={} following its Policy.Autoscale", group);
    }

    @Override
    public void close() {
        loop.close();
        running.values().forEach(r -> r.autoscaler().close());
        running.clear();
    }
}

package io.infrakit.controllers.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.controllers.GroupRef;
import io.infrakit.controllers.KeySelector;
import io.infrakit.controllers.SpecProblems;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.loadbalancer.HealthCheck;
import io.infrakit.spi.loadbalancer.Protocol;
import io.infrakit.spi.loadbalancer.Route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@code kind: ingress} spec, in InfraKit's shape: {@code properties} is a list of entries, each
 * an {@code L4Plugin} with its {@code Routes}, {@code Backends} ({@code Groups}, static
 * {@code Instances}) and {@code HealthChecks}; {@code options} has {@code SyncInterval},
 * {@code HardSync}, {@code SourceKeySelector}, and ours: {@code DrainTimeout} and
 * {@code GroupController} (the group controller whose changes are followed).
 */
public record IngressSpec(String name, List<Entry> entries, Options options) {

    public record Entry(String l4Plugin, List<Route> routes, List<GroupRef> groups, List<String> instances,
                        List<HealthCheck> healthChecks) {
    }

    public record Options(Duration syncInterval, boolean hardSync, KeySelector keySelector, Duration drainTimeout,
                          String groupController) {
    }

    static final Set<String> ENTRY_FIELDS = Set.of("Vhost", "L4Plugin", "Routes", "Backends", "HealthChecks", "RouteSources");
    static final Set<String> OPTION_FIELDS = Set.of("SyncInterval", "HardSync", "SourceKeySelector", "MatchByLabels",
            "DrainTimeout", "GroupController");
    static final Duration DEFAULT_SYNC = Duration.ofSeconds(5);
    static final Duration DEFAULT_DRAIN = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads and checks a spec's shape (plugins and groups are checked by the controller); problems go to {@code p}. */
    static IngressSpec parse(ControllerSpec spec, SpecProblems p) {
        String name = spec.name();
        if (name == null || name.isBlank()) {
            p.add("metadata.name", "missing: name the ingress, e.g. web");
        }
        List<Entry> entries = new ArrayList<>();
        JsonNode props = spec.properties();
        if (props == null || !props.isArray() || props.isEmpty()) {
            p.add("properties", "expected a list of entries, each with L4Plugin, Routes and Backends");
        } else {
            for (int i = 0; i < props.size(); i++) {
                entries.add(entry("properties[" + i + "]", props.get(i), p));
            }
        }
        JsonNode o = spec.options() == null ? JSON.createObjectNode() : spec.options();
        p.unknownFields("options", o, OPTION_FIELDS);
        Duration sync = p.duration("options.SyncInterval", o.get("SyncInterval"), DEFAULT_SYNC, true);
        Duration drain = p.duration("options.DrainTimeout", o.get("DrainTimeout"), DEFAULT_DRAIN, false);
        boolean hard = o.path("HardSync").asBoolean(false);
        KeySelector selector = KeySelector.address();
        try {
            selector = KeySelector.parse(o.path("SourceKeySelector").asText(""));
        } catch (IllegalArgumentException e) {
            p.add("options.SourceKeySelector", e.getMessage());
        }
        String controller = o.path("GroupController").asText("group-stateless");
        return new IngressSpec(name, entries, new Options(sync, hard, selector, drain, controller));
    }

    private static Entry entry(String where, JsonNode e, SpecProblems p) {
        if (e == null || !e.isObject()) {
            p.add(where, "expected an entry with L4Plugin, Routes and Backends");
            return new Entry("", List.of(), List.of(), List.of(), List.of());
        }
        p.unknownFields(where, e, ENTRY_FIELDS);
        if (e.has("RouteSources") && !e.get("RouteSources").isEmpty()) {
            p.add(where + ".RouteSources", "InfraKit's route sources (Docker swarm services) are not supported here:"
                    + " list the routes in Routes");
        }
        String l4 = e.path("L4Plugin").asText("");
        if (l4.isBlank()) {
            p.add(where + ".L4Plugin", "missing: name the load balancer plugin, e.g. haproxy/lb");
        }
        List<Route> routes = new ArrayList<>();
        JsonNode rs = e.path("Routes");
        for (int i = 0; i < rs.size(); i++) {
            String rw = where + ".Routes[" + i + "]";
            Route r = route(rw, rs.get(i), p);
            if (r != null) {
                if (routes.stream().anyMatch(x -> x.loadBalancerPort() == r.loadBalancerPort())) {
                    p.add(rw + ".LoadBalancerPort", r.loadBalancerPort() + " is used by another route of this entry");
                }
                routes.add(r);
            }
        }
        List<GroupRef> groups = new ArrayList<>();
        List<String> instances = new ArrayList<>();
        JsonNode b = e.path("Backends");
        p.unknownFields(where + ".Backends", b, Set.of("Groups", "Instances"));
        JsonNode gs = b.path("Groups");
        for (int i = 0; i < gs.size(); i++) {
            try {
                groups.add(GroupRef.parse(gs.get(i).asText()));
            } catch (IllegalArgumentException ex) {
                p.add(where + ".Backends.Groups[" + i + "]", ex.getMessage());
            }
        }
        b.path("Instances").forEach(n -> instances.add(n.asText()));
        if (groups.isEmpty() && instances.isEmpty()) {
            p.add(where + ".Backends", "no Groups and no Instances: name the group whose members take the traffic, e.g. Groups: [group/web]");
        }
        List<HealthCheck> checks = new ArrayList<>();
        JsonNode hs = e.path("HealthChecks");
        for (int i = 0; i < hs.size(); i++) {
            String hw = where + ".HealthChecks[" + i + "]";
            JsonNode h = hs.get(i);
            p.unknownFields(hw, h, Set.of("BackendPort", "Healthy", "Unhealthy", "Interval", "Timeout"));
            Integer port = p.integer(hw + ".BackendPort", h.get("BackendPort"), null, 1, 65535);
            if (port == null && h.get("BackendPort") == null) {
                p.add(hw + ".BackendPort", "missing: give the backends' port to probe");
            }
            int healthy = p.integer(hw + ".Healthy", h.get("Healthy"), 1, 1, 100);
            int unhealthy = p.integer(hw + ".Unhealthy", h.get("Unhealthy"), 2, 1, 100);
            Duration interval = p.duration(hw + ".Interval", h.get("Interval"), Duration.ofSeconds(2), true);
            Duration timeout = p.duration(hw + ".Timeout", h.get("Timeout"), Duration.ofSeconds(1), true);
            if (port != null) {
                checks.add(HealthCheck.of(port, healthy, unhealthy, interval, timeout));
            }
        }
        return new Entry(l4, List.copyOf(routes), List.copyOf(groups), List.copyOf(instances), List.copyOf(checks));
    }

    private static Route route(String where, JsonNode r, SpecProblems p) {
        p.unknownFields(where, r, Set.of("Port", "Protocol", "LoadBalancerPort", "LoadBalancerProtocol", "Certificate",
                "HealthMonitorPath"));
        Integer port = p.integer(where + ".Port", r.get("Port"), null, 1, 65535);
        Integer lbPort = p.integer(where + ".LoadBalancerPort", r.get("LoadBalancerPort"), null, 1, 65535);
        if (r.get("Port") == null) {
            p.add(where + ".Port", "missing: give the port the members listen on");
        }
        if (r.get("LoadBalancerPort") == null) {
            p.add(where + ".LoadBalancerPort", "missing: give the port the balancer listens on");
        }
        Protocol proto = protocol(where + ".Protocol", r.get("Protocol"), p);
        Protocol lbProto = protocol(where + ".LoadBalancerProtocol", r.get("LoadBalancerProtocol"), p);
        if (port == null || lbPort == null) {
            return null;
        }
        Route route = new Route(port, proto == null ? Protocol.TCP : proto, lbPort, lbProto == null ? (proto == null ? Protocol.TCP : proto) : lbProto,
                text(r.get("Certificate")), text(r.get("HealthMonitorPath")));
        String problem = route.problem();
        if (problem != null) {
            p.add(where, problem);
        }
        return route;
    }

    private static Protocol protocol(String where, JsonNode n, SpecProblems p) {
        if (n == null || n.isNull()) {
            return null;
        }
        try {
            return Protocol.parse(n.asText());
        } catch (IllegalArgumentException e) {
            p.add(where, e.getMessage());
            return null;
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    /** Every group the entries name. */
    List<GroupRef> groups() {
        return entries.stream().flatMap(e -> e.groups().stream()).distinct().toList();
    }
}

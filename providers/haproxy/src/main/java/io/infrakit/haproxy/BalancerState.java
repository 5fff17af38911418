package io.infrakit.haproxy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.infrakit.spi.loadbalancer.HealthCheck;
import io.infrakit.spi.loadbalancer.Route;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the balancer should be, kept on disk so that a restart (of the plugin or of HAProxy) comes
 * back with the same routes and backends. Immutable: each change makes a new state.
 *
 * @param routes       by LoadBalancerPort
 * @param backends     the pool, in registration order
 * @param drained      members of the pool set to drain (no new connections)
 * @param healthChecks by the backend port they probe
 */
record BalancerState(
        @JsonProperty("Routes") Map<Integer, Route> routes,
        @JsonProperty("Backends") List<String> backends,
        @JsonProperty("Drained") Set<String> drained,
        @JsonProperty("HealthChecks") Map<Integer, HealthCheck> healthChecks) {

    static final BalancerState EMPTY = new BalancerState(Map.of(), List.of(), Set.of(), Map.of());

    BalancerState {
        routes = routes == null ? Map.of() : new TreeMap<>(routes);
        backends = backends == null ? List.of() : List.copyOf(new LinkedHashSet<>(backends));
        drained = drained == null ? Set.of() : Set.copyOf(drained);
        healthChecks = healthChecks == null ? Map.of() : new TreeMap<>(healthChecks);
    }

    BalancerState withRoute(Route r) {
        Map<Integer, Route> m = new TreeMap<>(routes);
        m.put(r.loadBalancerPort(), r);
        return new BalancerState(m, backends, drained, healthChecks);
    }

    BalancerState withoutRoute(int port) {
        Map<Integer, Route> m = new TreeMap<>(routes);
        m.remove(port);
        return new BalancerState(m, backends, drained, healthChecks);
    }

    BalancerState withBackends(List<String> more) {
        List<String> b = new ArrayList<>(backends);
        b.addAll(more);
        Set<String> d = new java.util.HashSet<>(drained);
        more.forEach(d::remove);
        return new BalancerState(routes, b, d, healthChecks);
    }

    BalancerState withoutBackends(List<String> gone) {
        List<String> b = new ArrayList<>(backends);
        b.removeAll(gone);
        Set<String> d = new java.util.HashSet<>(drained);
        gone.forEach(d::remove);
        return new BalancerState(routes, b, d, healthChecks);
    }

    BalancerState withDrained(List<String> ids) {
        Set<String> d = new java.util.HashSet<>(drained);
        for (String id : ids) {
            if (backends.contains(id)) {
                d.add(id);
            }
        }
        return new BalancerState(routes, backends, d, healthChecks);
    }

    BalancerState withHealthCheck(HealthCheck hc) {
        Map<Integer, HealthCheck> m = new TreeMap<>(healthChecks);
        m.put(hc.backendPort(), hc);
        return new BalancerState(routes, backends, drained, m);
    }
}

package io.infrakit.controllers;

import io.infrakit.spi.loadbalancer.HealthCheck;
import io.infrakit.spi.loadbalancer.L4;
import io.infrakit.spi.loadbalancer.L4Drain;
import io.infrakit.spi.loadbalancer.Route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A fake balancer in memory, for controller tests that need no HAProxy: it records every call. */
public final class FakeL4 implements L4, L4Drain {

    private final Map<Integer, Route> routes = new TreeMap<>();
    private final Set<String> backends = new LinkedHashSet<>();
    public final Set<String> drained = Collections.synchronizedSet(new LinkedHashSet<>());
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public synchronized List<Route> routes() {
        return List.copyOf(routes.values());
    }

    @Override
    public synchronized String publish(Route route) {
        calls.add("publish " + route.loadBalancerPort());
        routes.put(route.loadBalancerPort(), route);
        return "ok";
    }

    @Override
    public synchronized String unpublish(int port) {
        calls.add("unpublish " + port);
        routes.remove(port);
        return "ok";
    }

    @Override
    public String configureHealthCheck(HealthCheck hc) {
        calls.add("health " + hc.backendPort());
        return "ok";
    }

    @Override
    public synchronized String registerBackends(List<String> ids) {
        calls.add("register " + ids);
        backends.addAll(ids);
        drained.removeAll(ids);
        return "ok";
    }

    @Override
    public synchronized String deregisterBackends(List<String> ids) {
        calls.add("deregister " + ids);
        ids.forEach(backends::remove);
        drained.removeAll(ids);
        return "ok";
    }

    @Override
    public synchronized List<String> backends() {
        return List.copyOf(backends);
    }

    /** Out-of-band: what an operator added by hand. */
    public synchronized void addByHand(String id) {
        backends.add(id);
    }

    @Override
    public String drainBackends(List<String> ids, Duration wait) {
        calls.add("drain " + ids);
        drained.addAll(ids);
        return "ok";
    }

    /** The pool without the drained members: who gets new connections. */
    public synchronized Set<String> inTraffic() {
        Set<String> s = new LinkedHashSet<>(backends);
        s.removeAll(drained);
        return s;
    }
}

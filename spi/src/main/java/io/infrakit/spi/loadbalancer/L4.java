package io.infrakit.spi.loadbalancer;

import io.infrakit.spi.InterfaceSpec;

import java.util.List;

/**
 * L4/0.6.1: InfraKit's interface to one layer-4 load balancer. Routes map a balancer port to the
 * backends' port; backends are the balancer's pool, named by IDs whose meaning belongs to the
 * balancer (a cloud balancer takes instance IDs; ours on HAProxy takes addresses, {@code 10.0.0.5}).
 * Every change returns InfraKit's {@code Result}: a line of text saying what was done.
 */
public interface L4 {

    InterfaceSpec SPEC = new InterfaceSpec("L4", "0.6.1");

    /** The balancer's name. */
    String name();

    /** Every published route. */
    List<Route> routes();

    /** Adds (or replaces) the route keyed by its {@code LoadBalancerPort}. */
    String publish(Route route);

    /** Removes the route listening on {@code loadBalancerPort}; nothing to remove is not an error. */
    String unpublish(int loadBalancerPort);

    /** How the balancer probes its backends. */
    String configureHealthCheck(HealthCheck healthCheck);

    /** Adds backends to the pool (already there: left alone). */
    String registerBackends(List<String> ids);

    /** Removes backends from the pool at once (not there: left alone). */
    String deregisterBackends(List<String> ids);

    /** The pool. */
    List<String> backends();
}

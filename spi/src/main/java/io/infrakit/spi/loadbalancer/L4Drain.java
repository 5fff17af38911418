package io.infrakit.spi.loadbalancer;

import java.time.Duration;
import java.util.List;

/**
 * Ours, beside {@link L4} (InfraKit had no such call; method {@code L4.DrainBackends} on the wire):
 * takes backends out of traffic gently. New connections go elsewhere at once; open ones may finish,
 * for up to {@code wait}. A backend that stays in the pool this way can still be deregistered later.
 */
public interface L4Drain {

    /**
     * Sets the backends to drain and waits until none of them has an open connection, or
     * {@code wait} has passed; returns what it did (and how many connections were still open).
     */
    String drainBackends(List<String> ids, Duration wait);
}

package io.infrakit.simulator;

import io.infrakit.spi.PluginException;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * The misbehaviours a simulated cloud can be asked for ({@link SimulatorOptions}): a slow
 * Provision (provision-delay), a failing one (failure-rate, repeatable with seed) and instances
 * that show in DescribeInstances only some time after they were created (visible-after).
 */
final class FaultInjection {

    private final String name;
    private final SimulatorOptions options;
    private final Random random;

    /** @param name the object's name, for messages */
    FaultInjection(String name, SimulatorOptions options) {
        this.name = name;
        this.options = options;
        this.random = options.seed() == null ? new Random() : new Random(options.seed());
    }

    /** Waits out provision-delay. */
    void delayProvision() {
        Duration d = options.provisionDelay();
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("simulator/" + name + ": Provision interrupted during its provision-delay", e);
        }
    }

    /** True when this Provision is to fail, drawn with probability failure-rate. */
    boolean provisionFails() {
        return options.failureRate() > 0 && random.nextDouble() < options.failureRate();
    }

    /** The error of a Provision that {@link #provisionFails}. */
    PluginException provisionFailure() {
        return new PluginException("simulator/" + name + ": simulated provisioning failure (option failure-rate="
                + options.failureRate() + "); retry, or start the simulator without that option");
    }

    /** When an instance created at {@code created} starts to show in DescribeInstances. */
    Instant visibleAt(Instant created) {
        return created.plus(options.visibleAfter());
    }

    /** Whether any instance can be hidden at all, so a listing need not read the clock's answer. */
    boolean hidesNewInstances() {
        return !options.visibleAfter().isZero();
    }
}

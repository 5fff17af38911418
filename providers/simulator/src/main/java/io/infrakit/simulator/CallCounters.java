package io.infrakit.simulator;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters behind {@link CallCounts}: one per method of a simulated object, counted
 * without a lock (LongAdder) because many virtual threads call the object at once.
 */
final class CallCounters {

    final LongAdder validate = new LongAdder();
    final LongAdder provision = new LongAdder();
    final LongAdder provisionFailures = new LongAdder();
    final LongAdder label = new LongAdder();
    final LongAdder destroy = new LongAdder();
    final LongAdder describe = new LongAdder();
    final LongAdder describeWithProperties = new LongAdder();

    CallCounts snapshot() {
        return new CallCounts(validate.sum(), provision.sum(), provisionFailures.sum(), label.sum(),
                destroy.sum(), describe.sum(), describeWithProperties.sum());
    }

    void reset() {
        for (LongAdder a : List.of(validate, provision, provisionFailures, label, destroy, describe,
                describeWithProperties)) {
            a.reset();
        }
    }
}

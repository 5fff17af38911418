package io.infrakit.core.spec;

import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.core.RangeFunction;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Pebble's {@code range(start, end, step)} for numbers, without building the list: Pebble's own
 * builds every element first, so {@code range(1, 2000000000)} exhausts memory before any time
 * limit can act. Ours yields one number at a time and stops when the rendering thread is
 * interrupted (the time limit of {@link SpecTemplate}). Other arguments (letters) go to Pebble's.
 */
final class LazyRange extends AbstractExtension implements Function {

    private final RangeFunction pebbles = new RangeFunction();

    @Override
    public Map<String, Function> getFunctions() {
        return Map.of(RangeFunction.FUNCTION_NAME, this);
    }

    @Override
    public List<String> getArgumentNames() {
        return pebbles.getArgumentNames();
    }

    @Override
    public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int lineNumber) {
        Object start = args.get("start");
        Object end = args.get("end");
        Object step = args.get("increment") == null ? 1L : args.get("increment");
        if (!(start instanceof Number s) || !(end instanceof Number e) || !(step instanceof Number i)) {
            return pebbles.execute(args, self, context, lineNumber);
        }
        long from = s.longValue();
        long to = e.longValue();
        long by = i.longValue();
        if (by == 0) {
            throw new IllegalArgumentException("range: the step must not be 0");
        }
        return (Iterable<Long>) () -> new Iterator<>() {
            long next = from;

            @Override
            public boolean hasNext() {
                if (Thread.currentThread().isInterrupted()) {
                    throw new SpecTemplate.Stopped();
                }
                return by > 0 ? next <= to : next >= to;
            }

            @Override
            public Long next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long n = next;
                next += by;
                return n;
            }
        };
    }
}

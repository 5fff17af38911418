package io.infrakit.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.controller.Controller;
import io.infrakit.spi.controller.ControllerObject;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.controller.Metadata;
import io.infrakit.spi.controller.Operation;
import io.infrakit.spi.controller.Plan;
import io.infrakit.spi.controller.PlanResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Controller/0.1.1 for one kind of spec, each committed spec run by one object {@code M} (an ingress,
 * an enrollment, an autoscaler). A commit is checked in full before anything changes: a refused
 * commit leaves the running object as it was. Committing a name again replaces its object.
 *
 * @param <P> the checked spec
 * @param <M> what runs it
 */
public abstract class SpecController<P, M extends AutoCloseable> implements Controller, AutoCloseable {

    private final String kind;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, M> running = new TreeMap<>();
    private final Map<String, ControllerSpec> specs = new TreeMap<>();

    protected SpecController(String kind) {
        this.kind = kind;
    }

    /** Checks the spec's shape and the plugins it names; throws PluginException naming every problem. */
    protected abstract P check(ControllerSpec spec, SpecProblems problems);

    protected abstract String name(P parsed);

    protected abstract M start(P parsed);

    protected abstract JsonNode state(M running);

    /** One line per thing a commit will do. */
    protected abstract List<String> describePlan(P parsed);

    public final P check(ControllerSpec spec) {
        if (spec == null) {
            throw new PluginException("Spec is missing: send {\"kind\":\"" + kind + "\",\"metadata\":{\"name\":...},\"properties\":...}");
        }
        SpecProblems p = new SpecProblems(kind);
        if (spec.kind() != null && !spec.kind().isBlank() && !spec.kind().equals(kind)) {
            p.add("kind", "'" + spec.kind() + "' is not served here: this controller serves kind: " + kind);
        }
        P parsed = check(spec, p);
        p.throwIfAny();
        return parsed;
    }

    @Override
    public PlanResult plan(Operation operation, ControllerSpec spec) {
        P parsed = check(spec);
        List<String> lines = operation == Operation.DESTROY ? List.of("stop " + kind + " " + name(parsed)) : describePlan(parsed);
        return new PlanResult(ControllerObject.of(spec, null), new Plan(lines));
    }

    @Override
    public ControllerObject commit(Operation operation, ControllerSpec spec) {
        if (operation == Operation.DESTROY) {
            free(Metadata.named(spec == null ? null : spec.name()));
            return ControllerObject.of(spec, null);
        }
        P parsed = check(spec);
        lock.lock();
        try {
            M old = running.remove(name(parsed));
            if (old != null) {
                closeQuietly(old);
            }
            M m = start(parsed);
            running.put(name(parsed), m);
            specs.put(name(parsed), spec);
            return ControllerObject.of(spec, state(m));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<ControllerObject> describe(Metadata search) {
        lock.lock();
        try {
            List<ControllerObject> out = new ArrayList<>();
            running.forEach((name, m) -> {
                if (Metadata.matches(search, name)) {
                    out.add(ControllerObject.of(specs.get(name), state(m)));
                }
            });
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<ControllerSpec> specs(Metadata search) {
        lock.lock();
        try {
            return specs.entrySet().stream().filter(e -> Metadata.matches(search, e.getKey())).map(Map.Entry::getValue).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<ControllerObject> free(Metadata search) {
        lock.lock();
        try {
            List<ControllerObject> out = new ArrayList<>();
            for (String name : List.copyOf(running.keySet())) {
                if (Metadata.matches(search, name)) {
                    closeQuietly(running.remove(name));
                    out.add(ControllerObject.of(specs.remove(name), null));
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The running object of a committed name (tests, status). */
    public M running(String name) {
        lock.lock();
        try {
            return running.get(name);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            running.values().forEach(SpecController::closeQuietly);
            running.clear();
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // stopping a loop does not fail in a way anyone could act on
        }
    }
}

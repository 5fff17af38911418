package io.infrakit.controllers.ingress;

import io.infrakit.controllers.GroupMembers;
import io.infrakit.controllers.GroupRef;
import io.infrakit.controllers.SpecProblems;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.controller.Controller;
import io.infrakit.spi.controller.ControllerObject;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.controller.Metadata;
import io.infrakit.spi.controller.Operation;
import io.infrakit.spi.controller.Plan;
import io.infrakit.spi.controller.PlanResult;
import io.infrakit.spi.loadbalancer.L4;
import io.infrakit.spi.plugin.PluginLookup;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ingress controller ({@code kind: ingress}, Controller/0.1.1): one {@link ManagedIngress} per
 * committed spec. A commit is checked in full first (its shape, then that each balancer plugin and
 * each group exists) and refused with every problem named; a refused commit changes nothing.
 */
public final class IngressController implements Controller, AutoCloseable {

    public static final String KIND = "ingress";

    private final PluginLookup plugins;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ManagedIngress> managed = new TreeMap<>();

    public IngressController(PluginLookup plugins, Clock clock) {
        this.plugins = plugins;
        this.clock = clock;
    }

    /** Checks a spec against its shape and the running plugins; returns it parsed or throws naming every problem. */
    IngressSpec check(ControllerSpec spec) {
        if (spec == null) {
            throw new PluginException("Spec is missing: send {\"kind\":\"ingress\",\"metadata\":{\"name\":...},\"properties\":[...]}");
        }
        SpecProblems p = new SpecProblems(KIND);
        if (spec.kind() != null && !spec.kind().isBlank() && !spec.kind().equals(KIND)) {
            p.add("kind", "'" + spec.kind() + "' is not served here: this controller serves kind: " + KIND);
        }
        IngressSpec parsed = IngressSpec.parse(spec, p);
        GroupMembers members = new GroupMembers(plugins);
        for (int i = 0; i < parsed.entries().size(); i++) {
            IngressSpec.Entry e = parsed.entries().get(i);
            if (!e.l4Plugin().isBlank()) {
                try {
                    plugins.lookup(e.l4Plugin(), L4.class).name();
                } catch (RuntimeException ex) {
                    p.add("properties[" + i + "].L4Plugin", "'" + e.l4Plugin() + "': " + ex.getMessage());
                }
            }
            for (int g = 0; g < e.groups().size(); g++) {
                GroupRef ref = e.groups().get(g);
                try {
                    members.check(ref);
                } catch (RuntimeException ex) {
                    p.add("properties[" + i + "].Backends.Groups[" + g + "]", "'" + ref + "': " + ex.getMessage());
                }
            }
        }
        p.throwIfAny();
        return parsed;
    }

    @Override
    public PlanResult plan(Operation operation, ControllerSpec spec) {
        IngressSpec parsed = check(spec);
        List<String> lines = new ArrayList<>();
        for (IngressSpec.Entry e : parsed.entries()) {
            lines.add(operation == Operation.DESTROY
                    ? "stop syncing " + e.l4Plugin()
                    : "keep " + e.l4Plugin() + " routing " + e.routes().size() + " routes to the members of " + e.groups());
        }
        return new PlanResult(ControllerObject.of(spec, null), new Plan(lines));
    }

    @Override
    public ControllerObject commit(Operation operation, ControllerSpec spec) {
        if (operation == Operation.DESTROY) {
            free(Metadata.named(spec == null ? null : spec.name()));
            return ControllerObject.of(spec, null);
        }
        IngressSpec parsed = check(spec);
        lock.lock();
        try {
            ManagedIngress old = managed.remove(parsed.name());
            if (old != null) {
                old.close();
            }
            ManagedIngress m = new ManagedIngress(parsed, plugins, clock);
            managed.put(parsed.name(), m);
            specs.put(parsed.name(), spec);
            return ControllerObject.of(spec, m.state());
        } finally {
            lock.unlock();
        }
    }

    private final Map<String, ControllerSpec> specs = new TreeMap<>();

    @Override
    public List<ControllerObject> describe(Metadata search) {
        lock.lock();
        try {
            List<ControllerObject> out = new ArrayList<>();
            managed.forEach((name, m) -> {
                if (Metadata.matches(search, name)) {
                    out.add(ControllerObject.of(specs.get(name), m.state()));
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
            for (String name : List.copyOf(managed.keySet())) {
                if (Metadata.matches(search, name)) {
                    managed.remove(name).close();
                    out.add(ControllerObject.of(specs.remove(name), null));
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Asks every ingress for a sync now (tests, and after a restart of a balancer). */
    public void syncNow() {
        lock.lock();
        try {
            managed.values().forEach(ManagedIngress::sync);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            managed.values().forEach(ManagedIngress::close);
            managed.clear();
        } finally {
            lock.unlock();
        }
    }
}

package io.infrakit.controllers.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.controllers.GroupMembers;
import io.infrakit.controllers.GroupRef;
import io.infrakit.controllers.SpecController;
import io.infrakit.controllers.SpecProblems;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.loadbalancer.L4;
import io.infrakit.spi.plugin.PluginLookup;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingress controller ({@code kind: ingress}, Controller/0.1.1): one {@link ManagedIngress} per
 * committed spec. A commit is checked in full first (its shape, then that each balancer plugin and
 * each group exists) and refused with every problem named; a refused commit changes nothing.
 */
public final class IngressController extends SpecController<IngressSpec, ManagedIngress> {

    public static final String KIND = "ingress";

    private final PluginLookup plugins;
    private final Clock clock;

    public IngressController(PluginLookup plugins, Clock clock) {
        super(KIND);
        this.plugins = plugins;
        this.clock = clock;
    }

    @Override
    protected IngressSpec check(ControllerSpec spec, SpecProblems p) {
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
        return parsed;
    }

    @Override
    protected String name(IngressSpec parsed) {
        return parsed.name();
    }

    @Override
    protected ManagedIngress start(IngressSpec parsed) {
        return new ManagedIngress(parsed, plugins, clock);
    }

    @Override
    protected JsonNode state(ManagedIngress running) {
        return running.state();
    }

    @Override
    protected List<String> describePlan(IngressSpec parsed) {
        List<String> lines = new ArrayList<>();
        for (IngressSpec.Entry e : parsed.entries()) {
            lines.add("keep " + e.l4Plugin() + " routing " + e.routes().size() + " routes to the members of " + e.groups());
        }
        return lines;
    }
}

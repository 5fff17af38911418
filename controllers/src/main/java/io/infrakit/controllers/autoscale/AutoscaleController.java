package io.infrakit.controllers.autoscale;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.controllers.GroupMembers;
import io.infrakit.controllers.SpecController;
import io.infrakit.controllers.SpecProblems;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.plugin.PluginLookup;

import java.time.Clock;
import java.util.List;

/**
 * The autoscaler ({@code kind: autoscale}, Controller/0.1.1): target tracking of groups on Prometheus
 * queries. A commit is refused when the group is not managed, when Min is above Max, or when
 * Prometheus says the query does not parse (a Prometheus that does not answer cannot say: the spec
 * is accepted, and the autoscaler holds until it answers).
 */
public final class AutoscaleController extends SpecController<AutoscaleSpec, ManagedAutoscaler> {

    public static final String KIND = "autoscale";

    private final PluginLookup plugins;
    private final Clock clock;

    public AutoscaleController(PluginLookup plugins, Clock clock) {
        super(KIND);
        this.plugins = plugins;
        this.clock = clock;
    }

    @Override
    protected AutoscaleSpec check(ControllerSpec spec, SpecProblems p) {
        AutoscaleSpec parsed = AutoscaleSpec.parse(spec, p);
        if (parsed.group() != null) {
            try {
                new GroupMembers(plugins).check(parsed.group());
            } catch (RuntimeException e) {
                p.add("properties.Group", "'" + parsed.group() + "': " + e.getMessage());
            }
        }
        if (parsed.prometheus() != null && !parsed.query().isBlank()) {
            PrometheusClient.Result r = new PrometheusClient(parsed.prometheus()).query(parsed.query());
            if (r.unparsable()) {
                p.add("properties.Query", "'" + parsed.query() + "' is refused by Prometheus: " + r.error());
            }
        }
        return parsed;
    }

    @Override
    protected String name(AutoscaleSpec parsed) {
        return parsed.name();
    }

    @Override
    protected ManagedAutoscaler start(AutoscaleSpec parsed) {
        return new ManagedAutoscaler(parsed, plugins, clock);
    }

    @Override
    protected JsonNode state(ManagedAutoscaler running) {
        return running.state();
    }

    @Override
    protected List<String> describePlan(AutoscaleSpec parsed) {
        return List.of("scale " + parsed.group() + " between " + parsed.min() + " and " + parsed.max() + " on "
                + parsed.query() + " (target " + parsed.target() + " per member)");
    }
}

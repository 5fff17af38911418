package io.infrakit.core.observe;

import io.infrakit.core.event.Event;
import io.infrakit.core.group.GroupController;
import io.infrakit.core.group.ReconcileListener;
import io.infrakit.core.group.plan.Action;
import io.infrakit.core.group.plan.Plan;
import io.infrakit.rpc.server.CallObserver;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The daemon's metrics in Prometheus' text format: per group (gauges read from the controllers at
 * scrape time by {@link GroupGauges}; counters and histograms fed by the controller's events and
 * reconcile passes), per plugin socket (JSON-RPC calls served, by method and outcome, and their
 * latency), and the JVM's and the process's own. One registry per daemon, no global state.
 */
public final class Metrics implements ReconcileListener, CallObserver, Consumer<Event> {

    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    /** Buckets for both histograms: few, since every group and every method has its own series. */
    private static final double[] SECONDS = {0.001, 0.005, 0.025, 0.1, 0.5, 2.5, 10, 30};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final GroupGauges gauges;
    private final Counter provisions;
    private final Counter destroys;
    private final Counter events;
    private final Counter planActions;
    private final Histogram reconcile;
    private final Counter rpcCalls;
    private final Histogram rpcLatency;
    /** The JVM's and the process's collectors, registered at the first scrape: a daemon nobody scrapes never loads them. */
    private final java.util.concurrent.atomic.AtomicBoolean jvmPending;

    /**
     * @param controllers the managed groups' controllers, read at each scrape
     * @param jvm         also the JVM's and the process's metrics (off in tests that count series)
     */
    public Metrics(Supplier<List<GroupController>> controllers, Clock clock, boolean jvm) {
        gauges = new GroupGauges(controllers, clock);
        registry.register(gauges);
        provisions = Counter.builder().name("infrakit_group_provisions_total")
                .help("Provision calls the group controller made, by outcome: success, failure, or timeout (provisioned but"
                        + " never seen within ProvisionTimeout).")
                .labelNames("group", "outcome").register(registry);
        destroys = Counter.builder().name("infrakit_group_destroys_total")
                .help("Destroy calls the group controller made, by outcome: success or failure.")
                .labelNames("group", "outcome").register(registry);
        events = Counter.builder().name("infrakit_group_events_total")
                .help("Events the group controller published, by type (as infrakit events shows them).")
                .labelNames("group", "type").register(registry);
        planActions = Counter.builder().name("infrakit_group_plan_actions_total")
                .help("Actions the planner decided, by kind: provision, or destroy_ and why (scale_down, rolling_update,"
                        + " unhealthy, not_in_spec).")
                .labelNames("group", "kind").register(registry);
        reconcile = Histogram.builder().name("infrakit_group_reconcile_duration_seconds")
                .help("How long one reconcile pass (observe, plan, record, start the actions) took.")
                .classicOnly().classicUpperBounds(SECONDS).labelNames("group").register(registry);
        rpcCalls = Counter.builder().name("infrakit_rpc_requests_total")
                .help("JSON-RPC calls served on this daemon's plugin sockets (and its TCP listener), by plugin, method"
                        + " and outcome: ok, error (the plugin refused or failed), invalid_params.")
                .labelNames("plugin", "method", "outcome").register(registry);
        rpcLatency = Histogram.builder().name("infrakit_rpc_request_duration_seconds")
                .help("How long the plugin took to answer a JSON-RPC call served on its socket.")
                .classicOnly().classicUpperBounds(SECONDS).labelNames("plugin", "method").register(registry);
        jvmPending = new java.util.concurrent.atomic.AtomicBoolean(jvm);
    }

    /** A controller event: provisions, destroys and events by type; CONVERGED times the last convergence. */
    @Override
    public void accept(Event e) {
        String group = e.group() == null ? "" : e.group();
        events.labelValues(group, e.type().name()).inc();
        switch (e.type()) {
            case PROVISIONED -> provisions.labelValues(group, "success").inc();
            case PROVISION_FAILED -> provisions.labelValues(group, "failure").inc();
            case PROVISION_TIMED_OUT -> provisions.labelValues(group, "timeout").inc();
            case DESTROYED -> destroys.labelValues(group, "success").inc();
            case DESTROY_FAILED -> destroys.labelValues(group, "failure").inc();
            case CONVERGED -> gauges.converged(group, e.time());
            case FREED, GROUP_DESTROYED -> gauges.forget(group);
            default -> {
            }
        }
    }

    @Override
    public void reconciled(String group, Plan plan, long nanos) {
        reconcile.labelValues(group).observe(nanos / 1e9);
        if (plan == null) {
            return;
        }
        for (Action a : plan.actions()) {
            planActions.labelValues(group, kind(a)).inc();
        }
    }

    static String kind(Action a) {
        return switch (a) {
            case Action.Provision p -> "provision";
            case Action.Destroy d -> "destroy_" + d.cause().name().toLowerCase(Locale.ROOT);
            case Action.Prepare p -> "warm_prepare";
            case Action.Start s -> "warm_start";
            case Action.Stop s -> "warm_stop";
        };
    }

    @Override
    public void called(String plugin, String method, String outcome, long nanos) {
        rpcCalls.labelValues(plugin, method, outcome).inc();
        rpcLatency.labelValues(plugin, method).observe(nanos / 1e9);
    }

    /** One scrape, in Prometheus' text format (version 0.0.4). Calls no plugin. */
    public void write(OutputStream out) throws IOException {
        if (jvmPending.compareAndSet(true, false)) {
            JvmMetrics.builder().register(registry);
        }
        writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
    }
}

package io.infrakit.core.observe;

import io.infrakit.core.group.GroupController;
import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.core.manager.ManagerApi;
import io.infrakit.rpc.server.Dispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collection;
import java.util.List;

/**
 * What a daemon shows of itself: its {@link Metrics} and the dashboard's data, over the group
 * controller and the manager running in this JVM (either may be absent: a daemon of plugins only
 * has RPC and JVM metrics). Feeds the metrics from the controller's event bus and reconcile passes
 * and from every socket's served calls; reads nothing from any plugin.
 */
public final class Observatory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Observatory.class);

    private final GroupControllerPlugin controller;
    private final ManagerApi manager;
    private final Metrics metrics;
    private final DashboardApi dashboard;
    private final AutoCloseable events;

    /**
     * @param controller the group controller in this JVM, or null
     * @param manager    the manager in this JVM, or null
     * @param jvm        include the JVM's and the process's metrics
     */
    public Observatory(GroupControllerPlugin controller, ManagerApi manager, Clock clock, boolean jvm) {
        this.controller = controller;
        this.manager = manager;
        this.metrics = new Metrics(this::controllers, clock, jvm);
        this.dashboard = new DashboardApi(this::controllers, () -> manager);
        if (controller != null) {
            events = controller.events().subscribe(metrics);
            controller.listenReconciles(metrics);
        } else {
            events = () -> {
            };
        }
    }

    /** Over the objects a daemon serves: the first group controller and the first manager among them. */
    public static Observatory of(Collection<?> objects, Clock clock) {
        GroupControllerPlugin controller = null;
        ManagerApi manager = null;
        for (Object o : objects) {
            if (controller == null && o instanceof GroupControllerPlugin g) {
                controller = g;
            }
            if (manager == null && o instanceof ManagerApi m) {
                manager = m;
            }
        }
        return new Observatory(controller, manager, clock, true);
    }

    /** Counts the calls {@code dispatcher} serves (per plugin RPC metrics). */
    public void observe(Dispatcher dispatcher) {
        dispatcher.observeCalls(metrics);
    }

    public Metrics metrics() {
        return metrics;
    }

    DashboardApi dashboard() {
        return dashboard;
    }

    private List<GroupController> controllers() {
        return controller == null ? List.of() : controller.controllers();
    }

    @Override
    public void close() {
        try {
            events.close();
        } catch (Exception e) {
            LOG.debug("cannot unsubscribe the metrics: {}", e.toString());
        }
        if (controller != null) {
            controller.listenReconciles(null);
        }
    }
}

package io.infrakit.cli;

import io.infrakit.core.observe.LoopbackHttp;
import io.infrakit.core.observe.ObserveRoutes;
import io.infrakit.core.observe.Observatory;
import io.infrakit.rpc.host.PluginHost;
import io.infrakit.rpc.remote.RemoteListener;
import io.infrakit.rpc.server.EventStream;
import io.infrakit.rpc.server.HttpRoute;
import io.infrakit.spi.event.EventHistory;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts what a daemon shows of itself: metrics and the dashboard on every socket it serves, on
 * its TCP listener (authenticated by the listener), and on the loopback ports of
 * {@link ObserveOptions}. Returns what to close at shutdown.
 */
public final class Observing {
    private Observing() {
    }

    /** Refuses a malformed or non-loopback --metrics / --dashboard address before anything starts. */
    public static void check(ObserveOptions options) {
        try {
            if (options.metrics != null) {
                LoopbackHttp.check("--metrics", options.metrics);
            }
            if (options.dashboard != null) {
                LoopbackHttp.check("--dashboard", options.dashboard);
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    /**
     * @param tcp the daemon's TCP listener, or null
     * @throws BadInputException for a --metrics or --dashboard address that is malformed or not loopback
     */
    public static AutoCloseable start(ObserveOptions options, PluginHost host, RemoteListener tcp, PrintWriter out) {
        List<Object> objects = new ArrayList<>();
        host.served().forEach(s -> objects.addAll(s.plugin().objects().values()));
        Observatory observatory = Observatory.of(objects, Clock.systemUTC());
        List<AutoCloseable> opened = new ArrayList<>();
        opened.add(observatory);
        // The manager's events (its socket streams them on /events already) for the other listeners.
        EventHistory events = null;
        for (PluginHost.Served s : host.served()) {
            observatory.observe(s.server().dispatcher());
            s.server().addRoute(new ObserveRoutes(observatory, true, true));
            if (events == null) {
                events = s.server().dispatcher().eventHistory().orElse(null);
            }
        }
        if (tcp != null) {
            tcp.addRoute(new ObserveRoutes(observatory, true, true));
            if (events != null) {
                tcp.addRoute(new EventStream(events));
            }
        }
        try {
            if (options.metrics != null) {
                LoopbackHttp m = LoopbackHttp.start("--metrics", options.metrics, List.of(new ObserveRoutes(observatory, true, false)));
                opened.add(m);
                out.println("metrics on http://" + host(options.metrics) + ":" + m.port() + ObserveRoutes.METRICS);
            }
            if (options.dashboard != null) {
                List<HttpRoute> routes = new ArrayList<>(List.of(new ObserveRoutes(observatory, true, true)));
                if (events != null) {
                    routes.add(new EventStream(events));
                }
                LoopbackHttp d = LoopbackHttp.start("--dashboard", options.dashboard, routes);
                opened.add(d);
                out.println("dashboard on http://" + host(options.dashboard) + ":" + d.port() + ObserveRoutes.DASHBOARD);
            }
        } catch (IllegalArgumentException e) {
            closeAll(opened);
            throw new BadInputException(e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
        return () -> closeAll(opened);
    }

    private static String host(String address) {
        return address.substring(0, address.lastIndexOf(':'));
    }

    private static void closeAll(List<AutoCloseable> opened) {
        for (AutoCloseable c : opened.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // shutting down: nothing left to tell
            }
        }
    }
}

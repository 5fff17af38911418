package io.infrakit.haproxy;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.loadbalancer.HealthCheck;
import io.infrakit.spi.loadbalancer.L4;
import io.infrakit.spi.loadbalancer.L4Drain;
import io.infrakit.spi.loadbalancer.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * An {@link L4} balancer on a real HAProxy. Backends change through the Runtime API alone
 * ({@code add server}, {@code set server ... state}, {@code enable health}, {@code del server}): no
 * reload, no connection touched. Routes and health checks change the listeners, which only a
 * configuration can do: the master reloads gracefully (the old worker finishes its connections).
 * Every change is written first to the state file and haproxy.cfg, so a restart of either the plugin
 * or HAProxy comes back as the balancer was.
 */
public final class HaproxyL4 implements L4, L4Drain, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HaproxyL4.class);
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,=:@%/?-]*");
    /** How long a deregistered server may keep open connections before it is left in maintenance. */
    private static final Duration DELETE_WAIT = Duration.ofSeconds(2);

    private final String name;
    private final HaproxySettings settings;
    private final StateFile stateFile;
    private final RuntimeApi admin;
    private final HaproxyProcess process;
    /** Serialises changes: each reads the state, changes HAProxy, writes the state. Plugin I/O under it, so not a monitor. */
    private final ReentrantLock lock = new ReentrantLock();
    private BalancerState state;

    /** Loads the saved state and starts HAProxy on it, or adopts the HAProxy already running from this folder. */
    public HaproxyL4(String name, HaproxySettings settings) throws IOException, InterruptedException {
        this.name = name;
        this.settings = settings;
        this.stateFile = new StateFile(settings.dir().resolve("state.json"));
        this.admin = new RuntimeApi(settings.dir().resolve("admin.sock"), Duration.ofSeconds(5));
        this.process = new HaproxyProcess(settings.binary(), settings.dir(), admin);
        java.nio.file.Files.createDirectories(settings.dir());
        this.state = stateFile.read();
        writeConfig(state);
        if (process.running()) {
            LOG.info("haproxy balancer={} adopting the running HAProxy; reloading it on the saved state", name);
            process.reload();
        } else {
            process.start();
            LOG.info("haproxy balancer={} started HAProxy (config {})", name, process.config());
        }
    }

    /** Where haproxy.cfg is. */
    public Path configFile() {
        return process.config();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Route> routes() {
        lock.lock();
        try {
            return List.copyOf(state.routes().values());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String publish(Route route) {
        if (route == null) {
            throw new PluginException("Route is missing: give {Port, Protocol, LoadBalancerPort, LoadBalancerProtocol}");
        }
        String problem = route.problem();
        if (problem != null) {
            throw new PluginException("Route: " + problem);
        }
        if (route.healthMonitorPath() != null && !route.healthMonitorPath().isBlank()
                && !PATH.matcher(route.healthMonitorPath().trim()).matches()) {
            throw new PluginException("Route.HealthMonitorPath '" + route.healthMonitorPath()
                    + "' is not a URL path: give one starting with '/', without spaces, e.g. /healthz");
        }
        lock.lock();
        try {
            BalancerState next = state.withRoute(route);
            applyByReload(next, "publish " + route.loadBalancerPort());
            return "published :" + route.loadBalancerPort() + " (" + route.loadBalancerProtocolOrDefault()
                    + ") to port " + route.port() + " of " + state.backends().size() + " backends";
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String unpublish(int loadBalancerPort) {
        lock.lock();
        try {
            if (!state.routes().containsKey(loadBalancerPort)) {
                return "no route on :" + loadBalancerPort + ": nothing to unpublish";
            }
            applyByReload(state.withoutRoute(loadBalancerPort), "unpublish " + loadBalancerPort);
            return "unpublished :" + loadBalancerPort;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String configureHealthCheck(HealthCheck hc) {
        if (hc == null || hc.backendPort() < 1 || hc.backendPort() > 65535) {
            throw new PluginException("BackendPort " + (hc == null ? "(none)" : hc.backendPort())
                    + " is not a TCP port: give the backends' port to probe (1-65535)");
        }
        if (hc.intervalNanos() < 0 || hc.timeoutNanos() < 0 || hc.healthy() < 0 || hc.unhealthy() < 0) {
            throw new PluginException("Healthy, Unhealthy, Interval and Timeout must not be negative");
        }
        lock.lock();
        try {
            applyByReload(state.withHealthCheck(hc), "health check on port " + hc.backendPort());
            return "health check on port " + hc.backendPort() + " every " + hc.interval().toMillis() + " ms";
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String registerBackends(List<String> ids) {
        List<BackendAddress> parsed = parseAll(ids);
        lock.lock();
        try {
            List<String> added = new ArrayList<>();
            List<String> undrained = new ArrayList<>();
            for (BackendAddress b : parsed) {
                if (!state.backends().contains(b.id())) {
                    added.add(b.id());
                } else if (state.drained().contains(b.id())) {
                    undrained.add(b.id());
                }
            }
            if (added.isEmpty() && undrained.isEmpty()) {
                return "registered 0 backends (all " + parsed.size() + " already in the pool)";
            }
            BalancerState next = state.withBackends(parsed.stream().map(BackendAddress::id).toList());
            save(next);
            for (Route r : next.routes().values()) {
                String be = HaproxyConfig.backend(r.loadBalancerPort());
                for (String id : added) {
                    BackendAddress b = BackendAddress.parse(id);
                    String answer = command("add server " + be + "/" + b.serverName() + " "
                            + HaproxyConfig.serverArgs(b, r, next.healthChecks().get(r.port()), false));
                    if (!answer.contains("New server registered") && !answer.contains("Already exists")) {
                        throw new PluginException("HAProxy refused to add server " + b.serverName() + " to " + be + ": " + answer);
                    }
                    expectEmpty("enable health " + be + "/" + b.serverName());
                    expectEmpty("set server " + be + "/" + b.serverName() + " state ready");
                }
                for (String id : undrained) {
                    expectEmpty("set server " + be + "/" + id + " state ready");
                }
            }
            LOG.info("haproxy balancer={} registered {} re-enabled {}", name, added, undrained);
            return "registered " + added.size() + " backends" + (undrained.isEmpty() ? "" : ", re-enabled " + undrained.size() + " drained");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String deregisterBackends(List<String> ids) {
        lock.lock();
        try {
            List<String> gone = ids == null ? List.of() : ids.stream().filter(state.backends()::contains).toList();
            if (gone.isEmpty()) {
                return "deregistered 0 backends (none of them in the pool)";
            }
            BalancerState next = state.withoutBackends(gone);
            save(next);
            List<String> lingering = new ArrayList<>();
            for (Route r : next.routes().values()) {
                String be = HaproxyConfig.backend(r.loadBalancerPort());
                for (String id : gone) {
                    expectEmpty("set server " + be + "/" + id + " state maint");
                    if (!delete(be, id)) {
                        lingering.add(be + "/" + id);
                    }
                }
            }
            LOG.info("haproxy balancer={} deregistered {}{}", name, gone,
                    lingering.isEmpty() ? "" : " (in maintenance until their connections close: " + lingering + ")");
            return "deregistered " + gone.size() + " backends";
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String drainBackends(List<String> ids, Duration wait) {
        List<String> drained;
        lock.lock();
        try {
            drained = ids == null ? List.of() : ids.stream().filter(state.backends()::contains).toList();
            if (drained.isEmpty()) {
                return "drained 0 backends (none of them in the pool)";
            }
            BalancerState next = state.withDrained(drained);
            save(next);
            for (Route r : next.routes().values()) {
                for (String id : drained) {
                    expectEmpty("set server " + HaproxyConfig.backend(r.loadBalancerPort()) + "/" + id + " state drain");
                }
            }
        } finally {
            lock.unlock();
        }
        // Waiting for connections to finish holds no lock: other changes go on meanwhile.
        long deadline = System.nanoTime() + wait.toNanos();
        int open = openConnections(Set.copyOf(drained));
        while (open > 0 && System.nanoTime() < deadline) {
            sleep(50);
            open = openConnections(Set.copyOf(drained));
        }
        LOG.info("haproxy balancer={} drained {} ({} connections still open)", name, drained, open);
        return "drained " + drained.size() + " backends" + (open > 0 ? ", " + open + " connections still open" : ", no connection open");
    }

    @Override
    public List<String> backends() {
        lock.lock();
        try {
            return state.backends();
        } finally {
            lock.unlock();
        }
    }

    /** Each server's state as HAProxy sees it ({@code be_8080/10.0.0.5 -> UP}), from {@code show stat}. */
    public java.util.Map<String, String> serverStates() {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (StatLine s : stats()) {
            out.put(s.backend() + "/" + s.server(), s.status());
        }
        return out;
    }

    /** Stops HAProxy. Not part of closing the plugin: a balancer keeps serving while its plugin restarts. */
    public void stopHaproxy() throws IOException, InterruptedException {
        process.stop();
    }

    @Override
    public void close() {
        // HAProxy is left running on purpose (see stopHaproxy).
    }

    // --- internals ---

    private static List<BackendAddress> parseAll(List<String> ids) {
        List<BackendAddress> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids == null ? List.<String>of() : ids)) {
            try {
                out.add(BackendAddress.parse(id));
            } catch (IllegalArgumentException e) {
                throw new PluginException("IDs: " + e.getMessage());
            }
        }
        return out;
    }

    /** Writes, checks with {@code haproxy -c}, and reloads; a refused configuration changes nothing. */
    private void applyByReload(BalancerState next, String what) {
        String text = HaproxyConfig.render(name, next, admin.socket(), settings.bindAddress(), settings.metricsPort());
        try {
            var problem = process.check(text);
            if (problem.isPresent()) {
                throw new PluginException("HAProxy refused the configuration for " + what + ": " + problem.get());
            }
            save(next);
            process.reload();
        } catch (IOException e) {
            throw new PluginException("HAProxy " + what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted during " + what);
        }
    }

    private void save(BalancerState next) {
        try {
            stateFile.write(next);
            writeConfig(next);
        } catch (IOException e) {
            throw new PluginException("could not write the balancer's state in " + settings.dir() + ": " + e.getMessage(), e);
        }
        state = next;
    }

    private void writeConfig(BalancerState s) throws IOException {
        StateFile.atomicWrite(process.config(), HaproxyConfig.render(name, s, admin.socket(), settings.bindAddress(), settings.metricsPort()));
    }

    private String command(String cmd) {
        try {
            return admin.send(cmd);
        } catch (IOException e) {
            throw new PluginException("HAProxy's Runtime API at " + admin.socket() + " failed on '" + cmd + "': " + e.getMessage(), e);
        }
    }

    private void expectEmpty(String cmd) {
        String answer = command(cmd);
        if (!answer.isEmpty()) {
            throw new PluginException("HAProxy refused '" + cmd + "': " + answer);
        }
    }

    /** Deletes a server in maintenance, waiting briefly for its last connections; false when they outlast the wait. */
    private boolean delete(String be, String server) {
        long deadline = System.nanoTime() + DELETE_WAIT.toNanos();
        while (true) {
            String answer = command("del server " + be + "/" + server);
            if (answer.contains("Server deleted") || answer.contains("No such server")) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("haproxy balancer={} server {}/{} kept in maintenance: {}", name, be, server, answer);
                return false;
            }
            sleep(50);
        }
    }

    private int openConnections(Set<String> servers) {
        int open = 0;
        for (StatLine s : stats()) {
            if (servers.contains(s.server())) {
                open += s.current();
            }
        }
        return open;
    }

    record StatLine(String backend, String server, int current, String status) {
    }

    private List<StatLine> stats() {
        String csv = command("show stat");
        List<StatLine> out = new ArrayList<>();
        String[] lines = csv.split("\n");
        if (lines.length == 0 || !lines[0].startsWith("# ")) {
            return out;
        }
        List<String> header = List.of(lines[0].substring(2).split(","));
        int px = header.indexOf("pxname");
        int sv = header.indexOf("svname");
        int scur = header.indexOf("scur");
        int status = header.indexOf("status");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            if (f.length <= Math.max(scur, status) || f[sv].equals("FRONTEND") || f[sv].equals("BACKEND")) {
                continue;
            }
            int cur = f[scur].isEmpty() ? 0 : Integer.parseInt(f[scur]);
            out.add(new StatLine(f[px], f[sv], cur, f[status]));
        }
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted");
        }
    }
}

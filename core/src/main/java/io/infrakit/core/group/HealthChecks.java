package io.infrakit.core.group;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.core.group.plan.GroupPolicy.HealthCheckPolicy;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceExec;
import io.infrakit.spi.instance.InstancePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The health checks a group's controller runs itself (Policy.HealthCheck): HTTP, TCP or a command
 * through {@link InstanceExec}. Each member is checked once per Interval at its own offset in it
 * (from its ID), so many members are never checked all at once; UnhealthyThreshold failures in a
 * row make it unhealthy, HealthyThreshold passes healthy. The verdicts are read by the
 * {@link Observer}, which combines them with the flavor's. A verdict that changes asks for a
 * reconcile at once, so a dead server is seen within Interval x UnhealthyThreshold, not a poll later.
 *
 * <p>In the daemon a virtual thread runs the checks as they fall due ({@link #start}); tests call
 * {@link #runDue} on their own clock.
 */
final class HealthChecks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);
    /** Checks running at once per group: a slow endpoint must not hold threads without bound. */
    private static final int MAX_RUNNING = 64;
    /** Properties fields where providers put an instance's address, tried in order. */
    private static final List<String> ADDRESS_FIELDS = List.of("IPAddresses", "IP", "IPAddress", "Address", "PrivateIP");

    /** One member's checks so far. */
    record State(Health verdict, int passes, int failures, Instant nextDue, String lastError) {
    }

    private final String group;
    private final Clock clock;
    private final Supplier<GroupController.Binding> binding;
    private final Runnable onChange;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final Semaphore running = new Semaphore(MAX_RUNNING);
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile HttpClient http;
    private volatile Thread ticker;
    private volatile boolean closed;
    private volatile boolean timed;

    HealthChecks(String group, Clock clock, Supplier<GroupController.Binding> binding, Runnable onChange) {
        this.group = group;
        this.clock = clock;
        this.binding = binding;
        this.onChange = onChange;
    }

    private HealthCheckPolicy policy() {
        return binding.get().config().policy().healthCheck();
    }

    /** The verdict of the controller's check for a member: null when the group has no check or none ran yet. */
    Health verdict(String instanceId) {
        if (policy() == null) {
            return null;
        }
        State s = states.get(instanceId);
        return s == null ? null : s.verdict();
    }

    /** The members as last observed, with since when the controller knows each: new ones get their first due time. */
    void members(Map<String, InstanceDescription> seen, Map<String, Instant> since) {
        HealthCheckPolicy p = policy();
        if (p == null) {
            states.clear();
            return;
        }
        states.keySet().retainAll(seen.keySet());
        addresses.keySet().retainAll(seen.keySet());
        Instant now = clock.instant();
        for (String id : seen.keySet()) {
            states.computeIfAbsent(id, k -> {
                Instant born = since.getOrDefault(k, now);
                Instant first = born.plus(p.initialDelay());
                if (first.isBefore(now)) {
                    first = now;
                }
                return new State(Health.UNKNOWN, 0, 0, first.plus(offset(k, p.interval())), null);
            });
        }
    }

    /** Where in the interval a member's checks fall: spread by its ID, the same on every run. */
    static Duration offset(String id, Duration interval) {
        long ms = Math.max(1, interval.toMillis());
        return Duration.ofMillis(Math.floorMod((long) id.hashCode() * 2654435761L, ms));
    }

    /** Runs every check due at {@code clock.instant()} and waits for them; returns how many ran. */
    int runDue() {
        HealthCheckPolicy p = policy();
        if (p == null) {
            return 0;
        }
        Instant now = clock.instant();
        List<String> due = new ArrayList<>();
        for (Map.Entry<String, State> e : states.entrySet()) {
            if (!now.isBefore(e.getValue().nextDue())) {
                due.add(e.getKey());
            }
        }
        if (due.isEmpty()) {
            return 0;
        }
        GroupController.Binding b = binding.get();
        if (p.needsAddress() && due.stream().anyMatch(id -> !addresses.containsKey(id))) {
            learnAddresses(b.instance(), p);
        }
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (String id : due) {
            futures.add(threads.submit(() -> {
                running.acquireUninterruptibly();
                try {
                    record(id, p, check(b.instance(), id, p), now);
                } finally {
                    running.release();
                }
            }));
        }
        for (var f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("group={} health check failed to run: {}", group, e.getCause().toString());
            }
        }
        return due.size();
    }

    /** One DescribeInstances with properties, when a member's address is not known yet. */
    private void learnAddresses(InstancePlugin plugin, HealthCheckPolicy p) {
        try {
            for (InstanceDescription d : plugin.describeInstances(Map.of(Tags.GROUP, group), true)) {
                String a = address(d.properties(), p.addressPath());
                if (a != null && states.containsKey(d.id())) {
                    addresses.put(d.id(), a);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("group={} cannot read member addresses for health checks: {}", group, e.getMessage());
        }
    }

    /** The address in an instance's properties: at {@code path}, or in the usual places. */
    static String address(JsonNode props, String path) {
        if (props == null) {
            return null;
        }
        if (path != null) {
            JsonNode n = props;
            for (String part : path.split("\\.")) {
                n = n.path(part);
            }
            return text(n);
        }
        for (String f : ADDRESS_FIELDS) {
            String t = text(props.path(f));
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static String text(JsonNode n) {
        if (n.isTextual() && !n.asText().isBlank()) {
            return n.asText();
        }
        if (n.isObject() || n.isArray()) {
            for (JsonNode v : n) {
                String t = text(v);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    /** Null when every probe passed, else why the first that failed did not. */
    private String check(InstancePlugin plugin, String id, HealthCheckPolicy p) {
        try {
            String a = addresses.get(id);
            if (p.needsAddress() && a == null) {
                return "no address known (Policy.HealthCheck.Address)";
            }
            if (p.tcpPort() > 0) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(a, p.tcpPort()), (int) p.timeout().toMillis());
                }
            }
            if (p.httpPort() > 0) {
                HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + (a.contains(":") ? "[" + a + "]" : a)
                        + ":" + p.httpPort() + p.path())).timeout(p.timeout()).GET().build();
                int status = client(p).send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != p.expect()) {
                    return "HTTP " + status + ", not " + p.expect();
                }
            }
            if (!p.exec().isEmpty()) {
                if (!(plugin instanceof InstanceExec exec)) {
                    return "the instance plugin cannot run commands in its instances (no exec); use Http or Tcp";
                }
                ExecResult r = exec.exec(id, p.exec(), p.timeout());
                if (r.exitCode() != 0) {
                    return p.exec().getFirst() + " exited " + r.exitCode();
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private HttpClient client(HealthCheckPolicy p) {
        HttpClient c = http;
        if (c == null) {
            c = HttpClient.newBuilder().connectTimeout(p.timeout()).executor(threads).build();
            http = c;
        }
        return c;
    }

    private void record(String id, HealthCheckPolicy p, String error, Instant ranAt) {
        State old = states.get(id);
        if (old == null) {
            return; // left the group meanwhile
        }
        int passes = error == null ? old.passes() + 1 : 0;
        int failures = error == null ? 0 : old.failures() + 1;
        Health v = old.verdict();
        if (passes >= p.healthyThreshold()) {
            v = Health.HEALTHY;
        } else if (failures >= p.unhealthyThreshold()) {
            v = Health.UNHEALTHY;
        }
        Instant next = old.nextDue().plus(p.interval());
        if (!next.isAfter(ranAt)) {
            next = ranAt.plus(p.interval()); // fell behind: keep the offset's spirit, never a burst of catch-ups
        }
        states.put(id, new State(v, passes, failures, next, error));
        if (v != old.verdict()) {
            LOG.info("group={} instance={} health check: {}{}", group, id, v, error == null ? "" : " (" + error + ")");
            onChange.run();
        }
    }

    /** Why the last check of a member failed, or null. */
    String lastError(String id) {
        State s = states.get(id);
        return s == null ? null : s.lastError();
    }

    /** Checks run on their own thread from now on (the daemon); otherwise {@link #tick} runs them inline. */
    void timed() {
        timed = true;
    }

    /** Called on each observation: starts the thread that runs the checks, or (tests) runs those due now. */
    void tick() {
        if (policy() == null || closed) {
            return;
        }
        if (!timed) {
            runDue();
        } else if (ticker == null) {
            start();
        }
    }

    /** Starts running checks as they fall due, on a virtual thread. */
    private synchronized void start() {
        if (ticker != null) {
            return;
        }
        ticker = Thread.ofVirtual().name("health-" + group).start(() -> {
            while (!closed) {
                try {
                    runDue();
                    Thread.sleep(sleepMillis());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("group={} health checks: {}", group, e.toString());
                }
            }
        });
    }

    /** Until the next check falls due, between 20 ms and 1 s. */
    private long sleepMillis() {
        Instant now = clock.instant();
        long best = 1000;
        for (State s : states.values()) {
            best = Math.min(best, Math.max(0, Duration.between(now, s.nextDue()).toMillis()));
        }
        return Math.max(20, best);
    }

    Set<String> checked() {
        return Set.copyOf(states.keySet());
    }

    @Override
    public void close() {
        closed = true;
        Thread t = ticker;
        if (t != null) {
            t.interrupt();
        }
        threads.shutdownNow();
    }
}

package io.infrakit.core.group;

import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.core.group.plan.GroupPolicy.HookPolicy;
import io.infrakit.spi.GoDuration;
import io.infrakit.spi.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The lifecycle hooks of one group (Policy.Hooks) waiting for an answer. On launch a new member is
 * held out of service (its health reads unknown, so it is not ready and an update does not count
 * it) until the hook completes: {@code continue} releases it, {@code abandon} has it destroyed and
 * replaced. On terminate the destroy waits, then runs whatever the answer. An unanswered hook takes
 * its Default after its Timeout, checked on each reconcile.
 */
final class LifecycleHooks {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleHooks.class);

    /** What a finished hook asks the controller to do. */
    record Outcome(String instanceId, boolean launch, boolean proceed, Runnable destroy) {
    }

    private record Pending(boolean launch, Instant deadline, boolean continueByDefault, Runnable destroy) {
    }

    private final String group;
    private final EventBus events;
    private final Executor notifier;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile HttpClient http;
    /** Plugin hooks' targets by plugin name (resolved at commit). */
    private final java.util.function.Function<String, io.infrakit.spi.group.LifecycleHookPlugin> plugins;

    LifecycleHooks(String group, EventBus events, Executor notifier) {
        this(group, events, notifier, name -> null);
    }

    LifecycleHooks(String group, EventBus events, Executor notifier,
                   java.util.function.Function<String, io.infrakit.spi.group.LifecycleHookPlugin> plugins) {
        this.group = group;
        this.events = events;
        this.notifier = notifier;
        this.plugins = plugins;
    }

    /** A new member is held out of service until its launch hooks answer; false when there are none. */
    boolean launched(String instanceId, List<HookPolicy> hooks, Instant now) {
        if (hooks.isEmpty()) {
            return false;
        }
        start(instanceId, true, hooks, now, null);
        return true;
    }

    /** A destroy waits for the terminate hooks; false (destroy now) when there are none. */
    boolean terminating(String instanceId, List<HookPolicy> hooks, Instant now, Runnable destroy) {
        if (hooks.isEmpty()) {
            return false;
        }
        start(instanceId, false, hooks, now, destroy);
        return true;
    }

    private void start(String instanceId, boolean launch, List<HookPolicy> hooks, Instant now, Runnable destroy) {
        Duration longest = Duration.ZERO;
        boolean dflt = true;
        for (HookPolicy h : hooks) {
            longest = h.timeout().compareTo(longest) > 0 ? h.timeout() : longest;
            dflt &= h.continueByDefault();
        }
        pending.put(instanceId, new Pending(launch, now.plus(longest), dflt, destroy));
        String transition = launch ? "launch" : "terminate";
        events.publish(EventType.HOOK_NOTIFIED, group, instanceId, transition + ": waiting up to "
                + GoDuration.format(longest) + " for infrakit group hook complete " + group + " " + instanceId
                + " continue|abandon");
        for (HookPolicy h : hooks) {
            notifier.execute(() -> notify(h, instanceId, transition));
        }
    }

    private void notify(HookPolicy h, String instanceId, String transition) {
        if (h.plugin() != null) {
            try {
                var target = plugins.apply(h.plugin());
                if (target == null) {
                    throw new PluginException("not bound at commit");
                }
                target.notify(group, instanceId, transition);
            } catch (RuntimeException e) {
                // As for a Url: the hook still times out into its Default.
                LOG.warn("group={} instance={} {} hook plugin {} not reached: {}", group, instanceId, transition,
                        h.plugin(), e.getMessage());
            }
            return;
        }
        String body = "{\"Group\":\"" + group + "\",\"Instance\":\"" + instanceId.replace("\"", "") + "\",\"Transition\":\""
                + transition + "\"}";
        try {
            HttpClient c = http;
            if (c == null) {
                c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                http = c;
            }
            HttpRequest req = HttpRequest.newBuilder(URI.create(h.url())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            int status = c.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                LOG.warn("group={} instance={} {} hook {} answered HTTP {}", group, instanceId, transition, h.url(), status);
            }
        } catch (Exception e) {
            // The hook still times out into its Default: a notification lost is not an answer.
            LOG.warn("group={} instance={} {} hook {} not reached: {}", group, instanceId, transition, h.url(), e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True while a launch hook holds the member out of service. */
    boolean held(String instanceId) {
        Pending p = pending.get(instanceId);
        return p != null && p.launch();
    }

    /** The answer of {@code infrakit group hook complete}. */
    Outcome complete(String instanceId, boolean proceed) {
        Pending p = pending.remove(instanceId);
        if (p == null) {
            throw new PluginException("no lifecycle hook of group '" + group + "' waits for instance '" + instanceId
                    + "' (it was answered, timed out, or the group has no Policy.Hooks)");
        }
        events.publish(EventType.HOOK_COMPLETED, group, instanceId, (p.launch() ? "launch" : "terminate") + ": "
                + (proceed ? "continue" : "abandon"));
        return new Outcome(instanceId, p.launch(), proceed, p.destroy());
    }

    /** Hooks whose time is up, with their Default applied. */
    List<Outcome> expire(Instant now) {
        List<Outcome> out = new ArrayList<>();
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (!now.isBefore(p.deadline()) && pending.remove(e.getKey(), p)) {
                events.publish(EventType.HOOK_TIMED_OUT, group, e.getKey(), (p.launch() ? "launch" : "terminate")
                        + ": no answer; Default " + (p.continueByDefault() ? "continue" : "abandon"));
                out.add(new Outcome(e.getKey(), p.launch(), p.continueByDefault(), p.destroy()));
            }
        }
        return out;
    }

    /** Members no longer seen need no answer. */
    void retain(java.util.Set<String> seen) {
        pending.entrySet().removeIf(e -> e.getValue().launch() && !seen.contains(e.getKey()));
    }
}

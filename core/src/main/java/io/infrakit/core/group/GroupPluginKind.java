package io.infrakit.core.group;

import io.infrakit.core.event.EventBus;
import io.infrakit.spi.GoDuration;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code infrakit plugin start group}: the raw group controller, served on socket
 * {@code group-stateless} (InfraKit's name) as the socket's single default object.
 */
public final class GroupPluginKind implements PluginKind {

    /** InfraKit's socket name for its raw group plugin. */
    public static final String SOCKET = "group-stateless";

    @Override
    public String name() {
        return "group";
    }

    @Override
    public String description() {
        return "group controller: keeps groups of instances matching their spec (socket " + SOCKET + ")";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("poll-interval", "time between observations of a group, e.g. 10s (default 10s; a group's"
                + " Policy.PollInterval wins)");
        o.put("max-parallel", "provisions and destroys running at once (default 32)");
        o.put("batch", "the most provisions and destroys one reconcile plans for a group, queued and running"
                + " together (default " + GroupControllerPlugin.Options.DEFAULT_BATCH + "): a larger group converges"
                + " batch by batch, so no Size can make a plan outgrow memory");
        return o;
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        GroupControllerPlugin.Options options = options(context.options());
        // Secrets are put in where the instance plugin is called, and nowhere before (SecretPlugins).
        GroupControllerPlugin plugin = new GroupControllerPlugin(new io.infrakit.core.spec.SecretPlugins(context.plugins(),
                new io.infrakit.core.spec.Secrets(context.home(), System.getenv())), new EventBus(), Clock.systemUTC(), options);
        return RunningPlugin.single(SOCKET, plugin, plugin);
    }

    static GroupControllerPlugin.Options options(Map<String, String> opts) {
        Duration poll = GroupControllerPlugin.Options.DEFAULT_POLL_INTERVAL;
        int parallel = GroupControllerPlugin.Options.DEFAULT_MAX_PARALLEL;
        String p = opts.get("poll-interval");
        if (p != null) {
            try {
                poll = GoDuration.parse(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option group.poll-interval: " + e.getMessage());
            }
            if (poll.isZero()) {
                throw new IllegalArgumentException("option group.poll-interval '" + p + "' must be more than 0, e.g. 10s");
            }
        }
        String m = opts.get("max-parallel");
        if (m != null) {
            try {
                parallel = Integer.parseInt(m.trim());
            } catch (NumberFormatException e) {
                parallel = -1;
            }
            if (parallel < 1) {
                throw new IllegalArgumentException("option group.max-parallel '" + m + "' must be a whole number of"
                        + " at least 1, e.g. 32");
            }
        }
        int batch = GroupControllerPlugin.Options.DEFAULT_BATCH;
        String b = opts.get("batch");
        if (b != null) {
            try {
                batch = Integer.parseInt(b.trim());
            } catch (NumberFormatException e) {
                batch = -1;
            }
            if (batch < 1) {
                throw new IllegalArgumentException("option group.batch '" + b + "' must be a whole number of at least 1,"
                        + " e.g. " + GroupControllerPlugin.Options.DEFAULT_BATCH);
            }
        }
        return new GroupControllerPlugin.Options(poll, parallel, true, batch);
    }
}

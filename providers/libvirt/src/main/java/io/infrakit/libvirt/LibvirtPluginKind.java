package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code infrakit plugin start libvirt}: the libvirt instance plugin as the default object of socket
 * {@code libvirt}. The connection URI is option {@code uri}, else {@code $LIBVIRT_DEFAULT_URI},
 * else {@code qemu:///system}.
 */
public final class LibvirtPluginKind implements PluginKind {

    public static final String NAME = "libvirt";
    public static final String DEFAULT_URI = "qemu:///system";
    /** How often dead domains are looked for when no stop event told about them (reap-stopped=true). */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(LibvirtPluginKind.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "VMs on libvirt (KVM/QEMU); Init reaches the guest on a cidata ISO; exec through the QEMU guest agent";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("uri", "libvirt connection URI (default $LIBVIRT_DEFAULT_URI, else " + DEFAULT_URI + "; test:///default for a fake hypervisor)");
        options.put("reap-stopped", "true (default): a stopped or crashed domain is no longer listed, and is removed and reported lost"
                + " (at once by its stop event, or by a sweep every " + SWEEP_INTERVAL.toSeconds() + " s) so its group replaces it;"
                + " false: leave it listed, shut off");
        return options;
    }

    /** The URI to connect to: the option, else the environment, else the system QEMU driver. */
    public static String resolveUri(String option, Map<String, String> env) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        String fromEnv = env.get("LIBVIRT_DEFAULT_URI");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_URI;
    }

    /** Read from {@link LibvirtProperties}, the records its Validate binds the properties to. */
    @Override
    public java.util.Optional<io.infrakit.spi.schema.Field> propertiesSchema() {
        return java.util.Optional.of(LibvirtSchema.tree());
    }

    @Override
    public RunningPlugin start(PluginContext context) throws Exception {
        String uri = resolveUri(context.option("uri").orElse(null), System.getenv());
        String reap = context.option("reap-stopped").orElse("true");
        if (!reap.equals("true") && !reap.equals("false")) {
            throw new IllegalArgumentException("option libvirt.reap-stopped: '" + reap + "' must be true or false");
        }
        Connection connection = new Connection(uri, LibvirtPluginKind::open);
        LibvirtInstancePlugin plugin = new LibvirtInstancePlugin(connection, new ObjectMapper(), Clock.systemUTC(), Boolean.parseBoolean(reap));
        log.info("libvirt plugin connected to {} ({})", uri, connection.get().getType());
        plugin.sweepEvery(SWEEP_INTERVAL);
        return RunningPlugin.single(NAME, plugin, () -> {
            plugin.close();
            connection.close();
        });
    }

    /** Opens a read-write connection with events enabled (the event loop must exist first). */
    public static Connect open(String uri) {
        EventLoop.ensureRunning();
        try {
            Connect connect = new Connect(uri, false);
            try {
                connect.setKeepAlive(5, 3); // notice a dead libvirtd instead of hanging on it
            } catch (LibvirtException e) {
                // local drivers (test:///) have no keepalive: nothing to notice
            }
            return connect;
        } catch (LibvirtException e) {
            throw new IllegalStateException("cannot connect to libvirt at " + uri + ": " + LibvirtInstancePlugin.message(e)
                    + (uri.startsWith("qemu:///system") ? " (is libvirtd running? .ci/engines/libvirt.sh starts it)" : ""), e);
        }
    }
}

package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start and Stop (the warm pool's calls) against libvirt's built-in fake hypervisor (test:///default). */
class LifecycleTestDriverTest {

    private static Connect connect;
    private static LibvirtInstancePlugin plugin;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void open() {
        try {
            connect = LibvirtPluginKind.open("test:///default");
        } catch (LinkageError | IllegalStateException e) {
            Engines.requireOrSkip(false, "libvirt0 (libvirt.so.0) is not installed: " + e.getMessage());
        }
        // A reaping plugin, as the daemon runs it: only a warm member may stay shut off.
        plugin = new LibvirtInstancePlugin(connect, new ObjectMapper(), Clock.systemUTC(), true);
    }

    @AfterAll
    static void close() throws Exception {
        if (plugin != null) {
            plugin.close();
        }
        if (connect != null) {
            connect.close();
        }
    }

    private String provision(Map<String, String> tags) throws Exception {
        return plugin.provision(new InstanceSpec(Specs.testDriverProperties(), tags, "", null, null));
    }

    private boolean active(String id) throws Exception {
        return connect.domainLookupByName(id).isActive() == 1;
    }

    @Test
    void aWarmDomainIsShutOffKeptListedAndStartedAgain() throws Exception {
        String id = provision(Map.of(Tags.GROUP, "warm-" + run, Tags.WARM, Tags.TRUE));
        try {
            plugin.stop(id, Duration.ofSeconds(5));
            assertThat(active(id)).isFalse();
            // Shut off but warm: neither hidden nor reaped.
            assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "warm-" + run), true)).singleElement()
                    .satisfies(d -> assertThat(d.properties().path("State").asText()).isEqualTo("shutoff"));
            assertThat(plugin.sweep()).doesNotContain(id);
            plugin.stop(id); // again: nothing to do
            plugin.label(id, Map.of(Tags.WARM, "false"));
            plugin.start(id);
            assertThat(active(id)).isTrue();
            plugin.start(id); // again: nothing to do
            assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "warm-" + run), false))
                    .extracting(InstanceDescription::id).containsExactly(id);
        } finally {
            plugin.destroy(id, DestroyContext.terminate());
        }
    }

    @Test
    void aReapingPluginRefusesToStopADomainNotMarkedWarm() throws Exception {
        String id = provision(Map.of(Tags.GROUP, "cold-" + run));
        try {
            assertThatThrownBy(() -> plugin.stop(id)).isInstanceOf(PluginException.class)
                    .hasMessageContaining("not tagged infrakit.warm=true");
            assertThat(active(id)).isTrue();
            assertThatThrownBy(() -> plugin.start("infrakit-nosuch" + run.substring(0, 2))).isInstanceOf(PluginException.class);
        } finally {
            plugin.destroy(id, DestroyContext.terminate());
        }
    }
}

package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;

import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Template outputs on libvirt's test driver (test:///default): the root disk becomes a new volume, later instances' base. */
class DiskTemplatesTest {

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

    private ObjectNode withRootDisk(String base) throws Exception {
        ObjectNode p = Specs.testDriverProperties();
        p.set("RootDisk", Specs.yaml("{Pool: default-pool, BaseVolume: " + base + "}"));
        return p;
    }

    @Test
    void theRootDiskIsCopiedToANewVolumeThatLaterInstancesStartFrom() throws Exception {
        String base = "base-" + run + ".img";
        connect.storagePoolLookupByName("default-pool").storageVolCreateXML(
                "<volume><name>" + base + "</name><capacity unit='MiB'>16</capacity><target><format type='raw'/></target></volume>", 0);
        String built = plugin.provision(new InstanceSpec(withRootDisk(base), Map.of(Tags.GROUP, "t-" + run), "", null, null));

        assertThatThrownBy(() -> plugin.createTemplate(built, Specs.yaml("{Volume: 'bad name'}")))
                .isInstanceOf(PluginException.class).hasMessageContaining("'Volume' is 'bad name'");
        assertThatThrownBy(() -> plugin.createTemplate(built, Specs.yaml("{Volume: x, Size: 3}")))
                .hasMessageContaining("template property 'Size' is unknown");
        assertThatThrownBy(() -> plugin.createTemplate(built, Specs.yaml("{Volume: " + base + "}")))
                .hasMessageContaining("already exists in pool 'default-pool'");

        String template = plugin.createTemplate(built, Specs.yaml("{Volume: built-" + run + ".qcow2}"));
        assertThat(template).isEqualTo("built-" + run + ".qcow2");
        assertThat(connect.domainLookupByName(built).isActive()).isZero(); // shut down before the copy
        assertThat(Arrays.asList(connect.storagePoolLookupByName("default-pool").listVolumes())).contains(template);
        plugin.destroy(built, DestroyContext.terminate());

        String next = plugin.provision(new InstanceSpec(withRootDisk(template), Map.of(Tags.GROUP, "t-" + run), "", null, null));
        try {
            assertThat(connect.domainLookupByName(next).getXMLDesc(0)).contains(next + "-root.qcow2");
        } finally {
            plugin.destroy(next, DestroyContext.terminate());
        }
    }

    @Test
    void anInstanceWithoutARootDiskCannotBecomeATemplate() throws Exception {
        String id = plugin.provision(new InstanceSpec(Specs.testDriverProperties(), Map.of(Tags.GROUP, "t-" + run), "", null, null));
        try {
            assertThatThrownBy(() -> plugin.createTemplate(id, Specs.yaml("{Volume: v-" + run + "}")))
                    .hasMessageContaining("has no root disk cloned from RootDisk.BaseVolume");
        } finally {
            plugin.destroy(id, DestroyContext.terminate());
        }
    }
}

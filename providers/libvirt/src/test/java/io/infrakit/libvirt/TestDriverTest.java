package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The plugin against libvirt's built-in fake hypervisor (test:///default): fast, always run. */
class TestDriverTest {

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

    private InstanceSpec spec(Map<String, String> tags, String init, String logicalId) throws Exception {
        return new InstanceSpec(Specs.testDriverProperties(), tags, init, logicalId, null);
    }

    @Test
    void provisionDescribeByTagLabelDestroy() throws Exception {
        Map<String, String> tags = Map.of(Tags.GROUP, "g-" + run, "custom.role", "web");
        String a = plugin.provision(spec(tags, "#!/bin/sh\necho a\n", null));
        String b = plugin.provision(spec(Map.of(Tags.GROUP, "g-" + run, "custom.role", "db"), "", "db-1"));
        String other = plugin.provision(spec(Map.of(Tags.GROUP, "other-" + run), "", null));

        assertThat(a).startsWith("infrakit-").hasSize("infrakit-".length() + 8);
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "g-" + run), false))
                .extracting(InstanceDescription::id).containsExactlyInAnyOrder(a, b);
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "g-" + run, "custom.role", "web"), false))
                .extracting(InstanceDescription::id).containsExactly(a);

        InstanceDescription pet = plugin.describeInstances(Map.of("custom.role", "db", Tags.GROUP, "g-" + run), false).get(0);
        assertThat(pet.logicalId()).isEqualTo("db-1");
        assertThat(pet.tags()).containsEntry(Tags.LOGICAL_ID, "db-1").containsEntry(Tags.GROUP, "g-" + run);
        assertThat(pet.properties()).isNull();

        plugin.label(a, Map.of("custom.role", "api", "added", "yes"));
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "g-" + run, "custom.role", "api"), false))
                .singleElement().satisfies(d -> {
                    assertThat(d.id()).isEqualTo(a);
                    assertThat(d.tags()).containsEntry("added", "yes").containsEntry(Tags.GROUP, "g-" + run);
                });

        JsonNode props = plugin.describeInstances(Map.of(Tags.GROUP, "g-" + run, "custom.role", "api"), true).get(0).properties();
        assertThat(props.path("State").asText()).isEqualTo("running");
        assertThat(props.path("Type").asText()).isEqualTo("test");
        assertThat(props.path("MemoryKiB").asLong()).isEqualTo(64 * 1024);
        assertThat(props.path("Volumes").get(0).path("Name").asText()).isEqualTo(a + "-cidata.iso");

        plugin.destroy(a, DestroyContext.terminate());
        plugin.destroy(b, DestroyContext.rollingUpdate());
        plugin.destroy(other, DestroyContext.terminate());
        assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "g-" + run), false)).isEmpty();
        assertThat(Arrays.asList(connect.listDefinedDomains())).doesNotContain(a, b, other);
        assertThat(volumes("default-pool")).noneMatch(v -> v.startsWith(a) || v.startsWith(b));
    }

    @Test
    void initSeedIsAVolumeInTheMetadataPoolAttachedAsCdrom() throws Exception {
        String id = plugin.provision(spec(Map.of(Tags.GROUP, "seed-" + run), "#!/bin/sh\necho hi\n", null));
        try {
            assertThat(volumes("default-pool")).contains(id + "-cidata.iso");
            String xml = connect.domainLookupByName(id).getXMLDesc(0);
            assertThat(xml).contains("device='cdrom'", "/default-pool/" + id + "-cidata.iso", "<readonly/>");
            assertThat(connect.storagePoolLookupByName("default-pool").storageVolLookupByName(id + "-cidata.iso").getInfo().capacity)
                    .isEqualTo(new CidataSeed(id, id, "#!/bin/sh\necho hi\n").toIso(Clock.systemUTC().instant()).length);
        } finally {
            plugin.destroy(id, DestroyContext.terminate());
        }
        assertThat(volumes("default-pool")).doesNotContain(id + "-cidata.iso");
    }

    @Test
    void rootDiskIsACopyOnWriteCloneOwnedByTheInstance() throws Exception {
        var pool = connect.storagePoolLookupByName("default-pool");
        String base = "base-" + run + ".qcow2";
        pool.storageVolCreateXML("<volume><name>" + base + "</name><capacity unit='MiB'>16</capacity>"
                + "<target><format type='qcow2'/></target></volume>", 0);
        try {
            var props = Specs.testDriverProperties();
            props.set("RootDisk", Specs.yaml("{Pool: default-pool, BaseVolume: " + base + ", Capacity: {Unit: MiB, Value: 32}}"));
            String id = plugin.provision(new InstanceSpec(props, Map.of(Tags.GROUP, "root-" + run), "", null, null));
            var clone = pool.storageVolLookupByName(id + "-root.qcow2");
            assertThat(clone.getInfo().capacity).isEqualTo(32L << 20);
            assertThat(connect.domainLookupByName(id).getXMLDesc(0)).contains(clone.getPath(), "dev='vda'");
            plugin.destroy(id, DestroyContext.terminate());
            assertThat(volumes("default-pool")).doesNotContain(id + "-root.qcow2").contains(base);
        } finally {
            pool.storageVolLookupByName(base).delete(0);
        }
    }

    @Test
    void missingBaseVolumeOrPoolFailsAndLeavesNothingBehind() throws Exception {
        var props = Specs.testDriverProperties();
        props.set("RootDisk", Specs.yaml("{Pool: default-pool, BaseVolume: nope.qcow2}"));
        List<String> before = volumes("default-pool");
        int domainsBefore = connect.numOfDomains() + connect.numOfDefinedDomains();
        assertThatThrownBy(() -> plugin.provision(new InstanceSpec(props, Map.of(), "#!/bin/sh\n", null, null)))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("RootDisk.BaseVolume: no volume 'nope.qcow2' in pool 'default-pool'");

        var props2 = Specs.testDriverProperties().put("MetadataStoragePool", "no-such-pool");
        assertThatThrownBy(() -> plugin.provision(new InstanceSpec(props2, Map.of(), "#!/bin/sh\n", null, null)))
                .hasMessageContaining("MetadataStoragePool: no storage pool 'no-such-pool'");
        assertThat(volumes("default-pool")).containsExactlyInAnyOrderElementsOf(before);
        assertThat(connect.numOfDomains() + connect.numOfDefinedDomains()).isEqualTo(domainsBefore);
    }

    @Test
    void domainsNotCreatedByInfrakitAreNeitherListedNorTouched() throws Exception {
        assertThat(plugin.describeInstances(Map.of(), false)).extracting(InstanceDescription::id).doesNotContain("test");
        assertThatThrownBy(() -> plugin.destroy("test", DestroyContext.terminate()))
                .hasMessageContaining("was not created by InfraKit");
        assertThat(connect.domainLookupByName("test").isActive()).isEqualTo(1);
        assertThatThrownBy(() -> plugin.destroy("infrakit-nothere", DestroyContext.terminate()))
                .hasMessageContaining("no instance 'infrakit-nothere'");
    }

    @Test
    void stoppedDomainIsReapedAndReportedLost() throws Exception {
        List<InstanceChange> changes = new CopyOnWriteArrayList<>();
        try (AutoCloseable watch = plugin.watch(changes::add)) {
            String id = plugin.provision(spec(Map.of(Tags.GROUP, "ev-" + run), "#!/bin/sh\n", null));
            connect.domainLookupByName(id).destroy(); // what `virsh destroy` does

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(changes)
                    .anySatisfy(c -> {
                        assertThat(c.kind()).isEqualTo(InstanceChange.Kind.LOST);
                        assertThat(c.instanceId()).isEqualTo(id);
                        assertThat(c.tags()).containsEntry(Tags.GROUP, "ev-" + run);
                        assertThat(c.detail()).contains("stopped");
                    }));
            await().atMost(Duration.ofSeconds(10)).until(() -> plugin.describeInstances(Map.of(Tags.GROUP, "ev-" + run), false).isEmpty());
            assertThat(volumes("default-pool")).doesNotContain(id + "-cidata.iso");
            assertThat(changes).noneMatch(c -> c.instanceId().equals(id) && c.kind() == InstanceChange.Kind.LOST && c.detail().contains("undefined"))
                    .as("our own reap is not reported twice");
        }
    }

    @Test
    void ownDestroyIsNotReportedAsALoss() throws Exception {
        List<InstanceChange> changes = new CopyOnWriteArrayList<>();
        try (AutoCloseable watch = plugin.watch(changes::add)) {
            String id = plugin.provision(spec(Map.of(Tags.GROUP, "own-" + run), "", null));
            plugin.destroy(id, DestroyContext.terminate());
            Thread.sleep(500);
            assertThat(changes).noneMatch(c -> c.instanceId().equals(id) && c.kind() == InstanceChange.Kind.LOST);
        }
    }

    @Test
    void describeOfAStoppedDomainDestroysNothingAndTheSweepReapsIt() throws Exception {
        // No watch: the stop event is not listened to, so only the sweep may reap.
        String id = plugin.provision(spec(Map.of(Tags.GROUP, "sweep-" + run), "#!/bin/sh\n", null));
        String keep = plugin.provision(spec(Map.of(Tags.GROUP, "sweep-" + run), "", null));
        connect.domainLookupByName(id).destroy(); // what `virsh destroy` does

        for (boolean properties : List.of(false, true)) {
            assertThat(plugin.describeInstances(Map.of(Tags.GROUP, "sweep-" + run), properties))
                    .as("a dead domain is lost: not listed").extracting(InstanceDescription::id).containsExactly(keep);
        }
        assertThat(Arrays.asList(connect.listDefinedDomains())).as("but a read destroys nothing").contains(id);
        assertThat(volumes("default-pool")).contains(id + "-cidata.iso");

        List<InstanceChange> changes = new CopyOnWriteArrayList<>();
        try (AutoCloseable watch = plugin.watch(changes::add)) {
            assertThat(plugin.sweep()).containsExactly(id);
            assertThat(changes).anySatisfy(c -> {
                assertThat(c.kind()).isEqualTo(InstanceChange.Kind.LOST);
                assertThat(c.instanceId()).isEqualTo(id);
                assertThat(c.tags()).containsEntry(Tags.GROUP, "sweep-" + run);
                assertThat(c.detail()).isEqualTo("found shutoff");
            });
            assertThat(plugin.sweep()).as("nothing left to reap").isEmpty();
        }
        assertThat(Arrays.asList(connect.listDefinedDomains())).doesNotContain(id);
        assertThat(connect.domainLookupByName(keep).isActive()).as("a running domain is left alone").isEqualTo(1);
        assertThat(volumes("default-pool")).doesNotContain(id + "-cidata.iso");
        plugin.destroy(keep, DestroyContext.terminate());
    }

    @Test
    void withoutReapingTheSweepLeavesStoppedDomains() throws Exception {
        try (var keep = new LibvirtInstancePlugin(connect, new ObjectMapper(), Clock.systemUTC(), false)) {
            String id = keep.provision(spec(Map.of(Tags.GROUP, "nosweep-" + run), "", null));
            connect.domainLookupByName(id).destroy();
            assertThat(keep.sweep()).isEmpty();
            assertThat(Arrays.asList(connect.listDefinedDomains())).contains(id);
            keep.destroy(id, DestroyContext.terminate());
        }
    }

    @Test
    void withoutReapingAStoppedDomainStaysListedAsShutoff() throws Exception {
        try (var keep = new LibvirtInstancePlugin(connect, new ObjectMapper(), Clock.systemUTC(), false)) {
            String id = keep.provision(spec(Map.of(Tags.GROUP, "keep-" + run), "", null));
            connect.domainLookupByName(id).destroy();
            assertThat(keep.describeInstances(Map.of(Tags.GROUP, "keep-" + run), true))
                    .singleElement().satisfies(d -> assertThat(d.properties().path("State").asText()).isEqualTo("shutoff"));
            keep.destroy(id, DestroyContext.terminate());
        }
    }

    @Test
    void uriComesFromOptionThenEnvironmentThenSystemDefault() {
        assertThat(LibvirtPluginKind.resolveUri("test:///default", Map.of("LIBVIRT_DEFAULT_URI", "qemu:///session"))).isEqualTo("test:///default");
        assertThat(LibvirtPluginKind.resolveUri(null, Map.of("LIBVIRT_DEFAULT_URI", "qemu:///session"))).isEqualTo("qemu:///session");
        assertThat(LibvirtPluginKind.resolveUri("", Map.of())).isEqualTo("qemu:///system");
    }

    @Test
    void pluginKindServesOneInstancePluginOnSocketLibvirt() throws Exception {
        LibvirtPluginKind kind = new LibvirtPluginKind();
        assertThat(kind.name()).isEqualTo("libvirt");
        assertThat(kind.options()).containsKeys("uri", "reap-stopped");
        var context = new io.infrakit.spi.plugin.PluginContext() {
            public java.nio.file.Path home() { return java.nio.file.Path.of("/tmp"); }
            public java.nio.file.Path pluginsDir() { return java.nio.file.Path.of("/tmp"); }
            public io.infrakit.spi.plugin.PluginLookup plugins() { return null; }
            public Map<String, String> options() { return Map.of("uri", "test:///default"); }
        };
        try (var running = kind.start(context)) {
            assertThat(running.socketName()).isEqualTo("libvirt");
            Object object = running.objects().get(io.infrakit.spi.plugin.RunningPlugin.DEFAULT_OBJECT);
            assertThat(object).isInstanceOf(io.infrakit.spi.instance.InstancePlugin.class)
                    .isInstanceOf(io.infrakit.spi.instance.InstanceExec.class)
                    .isInstanceOf(io.infrakit.spi.instance.InstanceChangeSource.class);
            assertThat(((io.infrakit.spi.instance.InstancePlugin) object).describeInstances(Map.of("no-such-tag", run), false)).isEmpty();
        }
        assertThatThrownBy(() -> kind.start(new io.infrakit.spi.plugin.PluginContext() {
            public java.nio.file.Path home() { return null; }
            public java.nio.file.Path pluginsDir() { return null; }
            public io.infrakit.spi.plugin.PluginLookup plugins() { return null; }
            public Map<String, String> options() { return Map.of("uri", "test:///default", "reap-stopped", "maybe"); }
        })).hasMessageContaining("libvirt.reap-stopped: 'maybe' must be true or false");
    }

    @Test
    void aDeadConnectionIsReopened() throws Exception {
        try (Connection connection = new Connection("test:///default", LibvirtPluginKind::open)) {
            Connect first = connection.get();
            first.close(); // as if libvirtd had gone away
            Connect second = connection.get();
            assertThat(second).isNotSameAs(first);
            assertThat(second.isAlive()).isTrue();
            assertThat(second.domainLookupByName("test").getName()).isEqualTo("test");
        }
    }

    private static List<String> volumes(String pool) throws Exception {
        var p = connect.storagePoolLookupByName(pool);
        p.refresh(0);
        return Arrays.asList(p.listVolumes());
    }
}

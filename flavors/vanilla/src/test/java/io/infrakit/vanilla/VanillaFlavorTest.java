package io.infrakit.vanilla;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.flavor.Allocation;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.flavor.Index;
import io.infrakit.spi.instance.Attachment;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceSpec;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.PluginLookup;
import io.infrakit.spi.plugin.RunningPlugin;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VanillaFlavorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Allocation THREE = Allocation.ofSize(3);
    private static final Index INDEX = new Index("g", 1);
    private final VanillaFlavor flavor = new VanillaFlavor();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static InstanceSpec spec(String init, Map<String, String> tags, String logicalId, List<Attachment> attachments) {
        return new InstanceSpec(json("{'cpu':1}"), tags, init, logicalId, attachments);
    }

    @Test
    void initLinesAreAppendedToTheSpecsInitOnePerLine() {
        InstanceSpec out = flavor.prepare(json("{'Init':['apt-get update','echo ready']}"),
                spec("#!/bin/sh", null, null, null), THREE, INDEX);
        assertThat(out.init()).isEqualTo("#!/bin/sh\napt-get update\necho ready");

        assertThat(flavor.prepare(json("{'Init':['echo hello']}"), spec("", null, null, null), THREE, INDEX).init())
                .isEqualTo("echo hello");
        assertThat(flavor.prepare(json("{}"), spec("keep me", null, null, null), THREE, INDEX).init())
                .isEqualTo("keep me");
    }

    @Test
    void tagsAreMergedOverTheSpecsTags() {
        InstanceSpec out = flavor.prepare(json("{'Tags':{'role':'web','tier':'front'}}"),
                spec("", Map.of("infrakit.group", "g", "role", "old"), null, null), THREE, INDEX);
        assertThat(out.tags()).isEqualTo(Map.of("infrakit.group", "g", "role", "web", "tier", "front"));
        assertThat(out.properties()).isEqualTo(json("{'cpu':1}"));
    }

    @Test
    void attachmentsAreAddedForTheMatchingLogicalIdOnly() {
        JsonNode props = json("{'Attachments':{'db-1':[{'ID':'vol-1','Type':'disk'}],'db-2':[{'ID':'vol-2','Type':'disk'}]}}");
        Allocation pets = Allocation.ofLogicalIds(List.of("db-1", "db-2"));

        InstanceSpec one = flavor.prepare(props, spec("", null, "db-1", List.of(new Attachment("eth0", "nic"))), pets, INDEX);
        InstanceSpec three = flavor.prepare(props, spec("", null, "db-3", null), pets, INDEX);
        InstanceSpec cattle = flavor.prepare(props, spec("", null, null, null), THREE, INDEX);

        assertThat(one.attachments()).containsExactly(new Attachment("eth0", "nic"), new Attachment("vol-1", "disk"));
        assertThat(three.attachments()).isNull();
        assertThat(cattle.attachments()).isNull();
    }

    @Test
    void attachmentsAsAListGoToEveryInstanceLikeInfraKitsLastRelease() {
        InstanceSpec out = flavor.prepare(json("{'Attachments':[{'ID':'net-1','Type':'network'}]}"),
                spec("", null, null, null), THREE, INDEX);
        assertThat(out.attachments()).containsExactly(new Attachment("net-1", "network"));
    }

    @Test
    void validateRefusesWrongShapesNamingTheFieldAndTheFix() {
        flavor.validate(json("{'Init':['a'],'Tags':{'k':'v'},'Attachments':{'x':[{'ID':'i','Type':'t'}]}}"), THREE);
        flavor.validate(null, THREE);
        flavor.validate(json("null"), THREE);

        assertRefused("{'Init':'echo hello'}", "Init is a string \"echo hello\"", "a list of lines");
        assertRefused("{'Init':['ok',3]}", "Init[1] is a number 3", "a string");
        assertRefused("{'Tags':['a']}", "Tags is a list", "\"Tags\": {\"role\": \"web\"}");
        assertRefused("{'Tags':{'size':3}}", "Tags.size is a number 3", "quote it");
        assertRefused("{'Attachments':'vol-1'}", "Attachments is a string", "logical ID");
        assertRefused("{'Attachments':{'db-1':{'ID':'v'}}}", "Attachments.db-1 is an object", "a list of {ID, Type}");
        assertRefused("{'Attachments':{'db-1':[{'ID':'v'}]}}", "Attachments.db-1[0].Type is missing", "non-empty string");
        assertRefused("{'Attachments':{'db-1':[{'ID':'v','Type':'t','Size':1}]}}", "unknown field 'Size'", "ID and Type");
        assertRefused("{'init':['x']}", "unknown field 'init'", "write it as 'Init'");
        assertRefused("{'Color':'red'}", "unknown field 'Color'", "Init, Tags and Attachments");
        assertRefused("[1]", "Properties is a list", "an object");
    }

    @Test
    void prepareRefusesBadPropertiesToo() {
        assertThatThrownBy(() -> flavor.prepare(json("{'Init':'x'}"), spec("", null, null, null), THREE, INDEX))
                .isInstanceOf(PluginException.class).hasMessageContaining("Init");
    }

    @Test
    void anInstanceIsHealthyAndDrainSucceeds() {
        InstanceDescription d = new InstanceDescription("i-1", null, Map.of(), null);
        assertThat(flavor.healthy(json("{}"), d)).isEqualTo(Health.HEALTHY);
        flavor.drain(json("{}"), d);
    }

    @Test
    void aFailedInitIsUnhealthyAndARunningOneNotYetKnown() {
        assertThat(flavor.healthy(json("{}"), new InstanceDescription("i-1", null,
                Map.of("infrakit.init.status", "failed", "infrakit.init.exit", "3"), null))).isEqualTo(Health.UNHEALTHY);
        assertThat(flavor.healthy(json("{}"), new InstanceDescription("i-2", null,
                Map.of("infrakit.init.status", "running"), null))).isEqualTo(Health.UNKNOWN);
        assertThat(flavor.healthy(json("{}"), new InstanceDescription("i-3", null,
                Map.of("infrakit.init.status", "succeeded"), null))).isEqualTo(Health.HEALTHY);
    }

    @Test
    void kindIsFoundByServiceLoaderAndServesOneDefaultObject() throws Exception {
        PluginKind kind = ServiceLoader.load(PluginKind.class).stream().map(ServiceLoader.Provider::get)
                .filter(k -> k.name().equals("vanilla")).findFirst().orElseThrow();
        try (RunningPlugin running = kind.start(context(Map.of()))) {
            assertThat(running.socketName()).isEqualTo("vanilla");
            assertThat(running.objects()).containsOnlyKeys(RunningPlugin.DEFAULT_OBJECT);
            assertThat(running.objects().get("")).isInstanceOf(VanillaFlavor.class);
        }
        assertThatThrownBy(() -> kind.start(context(Map.of("x", "1")))).hasMessageContaining("vanilla.x");
    }

    private void assertRefused(String properties, String... parts) {
        var thrown = assertThatThrownBy(() -> flavor.validate(json(properties), THREE)).isInstanceOf(PluginException.class);
        for (String part : parts) {
            thrown.hasMessageContaining(part);
        }
    }

    private static PluginContext context(Map<String, String> options) {
        return new PluginContext() {
            public Path home() {
                return Path.of("/nonexistent");
            }

            public Path pluginsDir() {
                return home().resolve("plugins");
            }

            public PluginLookup plugins() {
                throw new UnsupportedOperationException();
            }

            public Map<String, String> options() {
                return options;
            }
        };
    }
}

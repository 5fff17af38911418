package io.infrakit.vsphere;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;
import io.infrakit.spi.schema.Field;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * {@code infrakit plugin start vsphere}: an Instance plugin for VMware vSphere VMs on socket
 * {@code vsphere}. Options: see {@link VsphereOptions#DESCRIPTIONS}.
 */
public final class VspherePluginKind implements PluginKind {

    public static final String NAME = "vsphere";
    private static final Logger log = LoggerFactory.getLogger(VspherePluginKind.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "instance plugin: VMware vSphere VMs (vim25 SOAP) cloned from templates or booted from ISOs, a VM folder per group,"
                + " tags as custom attributes, changes from WaitForUpdatesEx";
    }

    @Override
    public Map<String, String> options() {
        return VsphereOptions.DESCRIPTIONS;
    }

    @Override
    public Optional<Field> propertiesSchema() {
        return Optional.of(VsphereSchema.tree());
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        VsphereOptions options = VsphereOptions.parse(context.options(), System.getenv());
        VsphereInstancePlugin plugin = new VsphereInstancePlugin(options);
        // Log in now, in the background: a wrong password or URL shows in the log at start, not at
        // the first commit; vCenter being down does not keep the plugin from starting.
        Thread.ofVirtual().name("vsphere-login").start(() -> {
            try {
                plugin.client().content();
            } catch (PluginException e) {
                log.warn("vsphere: cannot log in to {} yet: {}", options.sdk(), e.getMessage());
            }
        });
        return RunningPlugin.single(NAME, plugin, plugin);
    }
}

package io.infrakit.vsphere;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;
import io.infrakit.spi.schema.Field;

import java.util.Map;
import java.util.Optional;

/**
 * {@code infrakit plugin start vsphere}: an Instance plugin for VMware vSphere VMs on socket
 * {@code vsphere}. Options: see {@link VsphereOptions#DESCRIPTIONS}.
 */
public final class VspherePluginKind implements PluginKind {

    public static final String NAME = "vsphere";

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
        return RunningPlugin.single(NAME, plugin, plugin);
    }
}

package io.infrakit.core.spec;

import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.instance.ForwardingInstancePlugin;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceChangeSource;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import io.infrakit.spi.plugin.PluginLookup;

import java.util.function.Consumer;

/**
 * The point where secrets are used: a plugin lookup whose instance plugins get, in
 * {@code Provision}, the instance spec with every {@code <secret:NAME>} replaced by its value
 * (in the properties and the init script, after the flavor has prepared it). Everything before
 * (plan, store, events, descriptions, the config hash) sees only the references; {@code Validate}
 * gets them too, so a commit never needs the value.
 */
public final class SecretPlugins implements PluginLookup {

    private final PluginLookup plugins;
    private final Secrets secrets;

    public SecretPlugins(PluginLookup plugins, Secrets secrets) {
        this.plugins = plugins;
        this.secrets = secrets;
    }

    @Override
    public InstancePlugin instance(String name) {
        InstancePlugin p = plugins.instance(name);
        return p instanceof InstanceChangeSource ? new Watchable(p, secrets) : new Resolving(p, secrets);
    }

    @Override
    public FlavorPlugin flavor(String name) {
        return plugins.flavor(name);
    }

    @Override
    public GroupPlugin group(String name) {
        return plugins.group(name);
    }

    /** The spec the plugin is given: references replaced by values. */
    static InstanceSpec resolved(InstanceSpec spec, Secrets secrets) {
        if (spec == null) {
            return null;
        }
        return new InstanceSpec(secrets.resolve(spec.properties()), spec.tags(), secrets.resolve(spec.init()),
                spec.logicalId(), spec.attachments());
    }

    private record Resolving(InstancePlugin delegate, Secrets secrets) implements ForwardingInstancePlugin {
        @Override
        public String provision(InstanceSpec spec) {
            return delegate.provision(resolved(spec, secrets));
        }
    }

    /** Keeps the plugin's change feed visible: the controller subscribes to it when it is there. */
    private record Watchable(InstancePlugin delegate, Secrets secrets) implements ForwardingInstancePlugin, InstanceChangeSource {
        @Override
        public String provision(InstanceSpec spec) {
            return delegate.provision(resolved(spec, secrets));
        }

        @Override
        public AutoCloseable watch(Consumer<InstanceChange> listener) {
            return ((InstanceChangeSource) delegate).watch(listener);
        }
    }
}

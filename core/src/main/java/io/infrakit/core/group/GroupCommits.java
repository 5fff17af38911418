package io.infrakit.core.group;

import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import io.infrakit.core.group.ManagedGroups.Managed;
import io.infrakit.core.group.ValidatedCommits.Checked;
import io.infrakit.core.group.plan.GroupConfig;
import io.infrakit.core.spec.InvalidSpecException;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.FlavorPlugin;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceLifecycle;
import io.infrakit.spi.plugin.PluginLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The validate-once commit path of {@link GroupControllerPlugin} ({@link ValidatedCommits}):
 * {@link #check} looks up a config's two plugins and runs their Validate, outside any lock;
 * {@link #commit} starts or updates the group under the plugin's lock, with no plugin call.
 */
final class GroupCommits {

    // Logged under GroupControllerPlugin, the class users know from the logs (the split is internal).
    private static final Logger LOG = LoggerFactory.getLogger(GroupControllerPlugin.class);

    private final PluginLookup plugins;
    private final ManagedGroups groups;
    private final EventBus events;
    private final ReentrantLock lock;

    /** @param lock the plugin's lock, which also serialises frees, resizes and close */
    GroupCommits(PluginLookup plugins, ManagedGroups groups, EventBus events, ReentrantLock lock) {
        this.plugins = plugins;
        this.groups = groups;
        this.events = events;
        this.lock = lock;
    }

    /** See {@link ValidatedCommits#check}. */
    Checked check(GroupConfig cfg) {
        InstancePlugin instance = lookupInstance(cfg);
        FlavorPlugin flavor = lookupFlavor(cfg);
        try {
            instance.validate(cfg.instance().properties());
        } catch (RuntimeException e) {
            throw new InvalidSpecException("group '" + cfg.id() + "': instance plugin '" + cfg.instance().plugin()
                    + "' rejected Instance.Properties: " + e.getMessage());
        }
        try {
            flavor.validate(cfg.flavor().properties(), cfg.allocation());
        } catch (RuntimeException e) {
            throw new InvalidSpecException("group '" + cfg.id() + "': flavor plugin '" + cfg.flavor().plugin()
                    + "' rejected Flavor.Properties: " + e.getMessage());
        }
        return new Checked(new GroupController.Binding(cfg, warmCapable(cfg, instance), flavor, hookPlugins(cfg)),
                details(cfg, groups.get(cfg.id())));
    }

    /** The plugins of Policy.Hooks with a Plugin target, looked up now: one that cannot be found refuses the commit. */
    private java.util.Map<String, io.infrakit.spi.group.LifecycleHookPlugin> hookPlugins(GroupConfig cfg) {
        java.util.Map<String, io.infrakit.spi.group.LifecycleHookPlugin> out = new java.util.HashMap<>();
        for (var h : cfg.policy().hooks()) {
            if (h.plugin() == null || out.containsKey(h.plugin())) {
                continue;
            }
            try {
                out.put(h.plugin(), plugins.lookup(h.plugin(), io.infrakit.spi.group.LifecycleHookPlugin.class));
            } catch (RuntimeException e) {
                throw new InvalidSpecException("group '" + cfg.id() + "': Policy.Hooks Plugin '" + h.plugin()
                        + "' cannot be reached as a lifecycle hook (" + e.getMessage() + "); start that plugin, fix"
                        + " the name, or use Url");
            }
        }
        return out;
    }

    /**
     * With Policy.WarmPool the instance plugin must stop and start its instances: a plugin in this
     * process must implement InstanceLifecycle, or the commit is refused; one behind a socket is
     * reached through the InstanceLifecycle binding (a plugin that does not serve it fails its first
     * Start or Stop, which the events say).
     */
    private InstancePlugin warmCapable(GroupConfig cfg, InstancePlugin instance) {
        if (!cfg.policy().warmPool().enabled() || instance instanceof InstanceLifecycle) {
            return instance;
        }
        InstanceLifecycle lifecycle;
        try {
            lifecycle = plugins.lookup(cfg.instance().plugin(), InstanceLifecycle.class);
        } catch (RuntimeException e) {
            lifecycle = null;
        }
        if (lifecycle == null) {
            throw new InvalidSpecException("group '" + cfg.id() + "': Policy.WarmPool needs an instance plugin that"
                    + " can stop and start its instances (InstanceLifecycle: docker, libvirt, simulator), and '"
                    + cfg.instance().plugin() + "' cannot; remove Policy.WarmPool or use such a plugin");
        }
        return new WarmCapablePlugin(instance, lifecycle);
    }

    /** An instance plugin and its lifecycle reached apart (over RPC), as one object. */
    private record WarmCapablePlugin(InstancePlugin delegate, InstanceLifecycle lifecycle)
            implements io.infrakit.spi.instance.ForwardingInstancePlugin, InstanceLifecycle {
        @Override
        public void start(String instanceId) {
            lifecycle.start(instanceId);
        }

        @Override
        public void stop(String instanceId) {
            lifecycle.stop(instanceId);
        }
    }

    /** InfraKit's words for the commit; a rolling update's size comes from the last observation, not a new one. */
    private static String details(GroupConfig cfg, Managed existing) {
        if (existing == null) {
            return Details.managing(cfg);
        }
        GroupController c = existing.controller();
        GroupConfig old = c.config();
        int undesired = 0;
        if (!old.configHash().equals(cfg.configHash())) {
            for (InstanceDescription d : c.lastObserved()) {
                if (!cfg.configHash().equals(d.tag(Tags.CONFIG_HASH))) {
                    undesired++;
                }
            }
        }
        return Details.change(old, cfg, undesired, c.isPaused(), c.isRemediationHeld());
    }

    /** See {@link ValidatedCommits#commit}. */
    String commit(Checked checked) {
        lock.lock();
        try {
            return accept(checked);
        } finally {
            lock.unlock();
        }
    }

    private String accept(Checked checked) {
        GroupController.Binding binding = checked.binding();
        GroupConfig cfg = binding.config();
        Managed existing = groups.get(cfg.id());
        // Worded again if the group changed since check (another commit in between); no plugin call here.
        String details = existing == null ? Details.managing(cfg) : details(cfg, existing);
        if (existing == null) {
            groups.start(binding);
        } else {
            boolean same = existing.controller().config().properties().equals(cfg.properties());
            existing.controller().update(binding, true);
            if (!same) {
                groups.rewatch(existing, cfg);
            }
            existing.loop().trigger();
        }
        LOG.info("group={} committed: {}", cfg.id(), details);
        events.publish(EventType.COMMITTED, cfg.id(), null, details);
        return details;
    }

    private InstancePlugin lookupInstance(GroupConfig cfg) {
        try {
            InstancePlugin p = plugins.instance(cfg.instance().plugin());
            if (p == null) {
                throw new PluginException("not found");
            }
            return p;
        } catch (RuntimeException e) {
            throw new InvalidSpecException("group '" + cfg.id() + "': Instance.Plugin '" + cfg.instance().plugin()
                    + "' cannot be reached (" + e.getMessage() + "); start that plugin or fix the name"
                    + " (infrakit plugin ls lists the running ones)");
        }
    }

    private FlavorPlugin lookupFlavor(GroupConfig cfg) {
        try {
            FlavorPlugin p = plugins.flavor(cfg.flavor().plugin());
            if (p == null) {
                throw new PluginException("not found");
            }
            return p;
        } catch (RuntimeException e) {
            throw new InvalidSpecException("group '" + cfg.id() + "': Flavor.Plugin '" + cfg.flavor().plugin()
                    + "' cannot be reached (" + e.getMessage() + "); start that plugin or fix the name"
                    + " (infrakit plugin ls lists the running ones)");
        }
    }
}

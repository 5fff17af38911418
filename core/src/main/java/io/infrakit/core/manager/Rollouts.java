package io.infrakit.core.manager;

import io.infrakit.core.manager.store.SpecStore;
import io.infrakit.core.manager.store.StoredSpec;
import io.infrakit.spi.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * The manager's rollout commands: rollback to a kept version (or restore over a damaged one), which only
 * the leader does, and promote, abort and hook complete, which need the group controller beside it.
 */
final class Rollouts {

    // The manager's logger: these lines were always the manager's.
    private static final Logger log = LoggerFactory.getLogger(Manager.class);

    private final SpecStore store;
    private final StoredGroups stored;
    private final Manager manager;

    Rollouts(SpecStore store, StoredGroups stored, Manager manager) {
        this.store = store;
        this.stored = stored;
        this.manager = manager;
    }

    /** The kept versions of a group, newest first, once it is sure this manager may roll it back. */
    private List<StoredSpec> versionsToRollBack(String id) {
        LeaderRouting.requireId(id);
        if (!manager.isLeader()) {
            throw new PluginException("this manager is not the leader; roll back through the leader at "
                    + manager.leaderLocation().orElse("(unknown)"));
        }
        List<StoredSpec> versions = store.history(id);
        if (versions.isEmpty() && damageOf(id).isEmpty()) {
            throw Manager.unknownGroup(id);
        }
        return versions;
    }

    /** The damage of a group's newest version, when it has one. */
    private Optional<io.infrakit.core.manager.store.StoreDamage> damageOf(String id) {
        return store.damage().stream().filter(d -> d.newest() && d.group().equals(id)).findFirst();
    }

    String rollback(String id) {
        List<StoredSpec> versions = versionsToRollBack(id);
        var damaged = damageOf(id);
        if (damaged.isPresent()) {
            // The user asks to leave the damaged version: the newest readable one is what they had before it.
            if (versions.isEmpty()) {
                throw new PluginException(damaged.get().message());
            }
            return restore(id, versions.get(0), damaged.get());
        }
        if (versions.size() < 2) {
            throw new PluginException("group '" + id + "' has only one version (" + versions.get(0).version()
                    + "): there is nothing to roll back to");
        }
        StoredSpec previous = versions.get(1);
        log.info("rolling back group={} from version={} to the content of version={}", id, versions.get(0).version(), previous.version());
        String details = manager.commitGroup(previous.spec(), false);
        return "Rolled back group '" + id + "' to version " + previous.version() + ": " + details;
    }

    String rollbackTo(String id, long version) {
        List<StoredSpec> versions = versionsToRollBack(id);
        StoredSpec target = versions.stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> new PluginException("group '" + id + "' has no kept version " + version + ": the kept versions are "
                        + versions.reversed().stream().map(v -> String.valueOf(v.version())).collect(java.util.stream.Collectors.joining(", "))
                        + " (see infrakit history " + id + ")"));
        var damaged = damageOf(id);
        if (damaged.isPresent()) {
            return restore(id, target, damaged.get());
        }
        if (target == versions.get(0)) {
            return "Group '" + id + "' is at version " + version + " already: nothing to roll back";
        }
        log.info("rolling back group={} from version={} to the content of version={}", id, versions.get(0).version(), version);
        String details = manager.commitGroup(target.spec(), false);
        return "Rolled back group '" + id + "' to version " + version + ": " + details;
    }

    /** Commits a readable version over a damaged newest one, as the user asked; the damaged file is set aside. */
    private String restore(String id, StoredSpec target, io.infrakit.core.manager.store.StoreDamage damaged) {
        log.info("restoring group={} over damaged version={} with the content of version={}", id, damaged.version(), target.version());
        String details = stored.commitOver(target.spec(), damaged.version());
        return "Restored group '" + id + "' to the content of version " + target.version() + " (the damaged version "
                + damaged.version() + " is kept as " + damaged.file() + ".damaged): " + details;
    }

    String promote(String id) {
        return localController(id, "promote").promote(id);
    }

    String abort(String id) {
        return localController(id, "abort").abort(id);
    }

    String completeHook(String id, String instance, String result) {
        if (!"continue".equals(result) && !"abandon".equals(result)) {
            throw new io.infrakit.core.spec.InvalidSpecException("hook result '" + result + "' is not known: use continue or abandon");
        }
        return localController(id, "hook complete").completeHook(id, instance, "continue".equals(result));
    }

    /** The group controller of this leader, when it runs in this JVM (promote and abort need its state). */
    private io.infrakit.core.group.GroupControllerPlugin localController(String id, String what) {
        versionsToRollBack(id);
        if (stored.controller() instanceof io.infrakit.core.group.GroupControllerPlugin local) {
            return local;
        }
        throw new PluginException("the group controller of '" + id + "' runs in another process: " + what
                + " is only offered when it runs beside the manager (infrakit up, or plugin start manager group)");
    }
}

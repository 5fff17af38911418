package io.infrakit.core.manager;

import io.infrakit.core.manager.store.SpecStore;
import io.infrakit.core.manager.store.StoredSpec;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.core.group.plan.GroupConfig;
import io.infrakit.core.group.GroupControllerPlugin;
import io.infrakit.core.group.ValidatedCommits;
import io.infrakit.core.spec.GroupSpecValidator;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The leader's side of the manager's Group/0.1.1: store first, then hand over to the group
 * controller. A commit is validated once into a {@link GroupConfig}; a controller in this JVM
 * ({@link ValidatedCommits}) gets that config, so each plugin's {@code Validate} runs once; the
 * caller is answered within {@code answerTimeout} even if the controller is slow (the spec is safe
 * in the store and the hand-over finishes in the background).
 */
final class StoredGroups implements GroupPlugin, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoredGroups.class);

    private final SpecStore store;
    private final Supplier<GroupPlugin> controller;
    private final Duration answerTimeout;
    private final GroupSpecValidator validator;
    // Where referenced secrets must be found (null: not checked, e.g. a store-only manager in tests).
    private final io.infrakit.core.spec.Secrets secrets;
    // One worker hands commits to the controller in the order they were stored.
    private final ExecutorService handOver = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("manager-commit").factory());
    // Bounded waits on the controller run here, so a hung controller never holds a caller.
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    // Orders store-then-hand-over; held across plugin and store I/O, so a lock virtual threads can park on.
    private final ReentrantLock commitLock = new ReentrantLock();

    StoredGroups(SpecStore store, Supplier<GroupPlugin> controller, Duration answerTimeout, GroupSpecValidator validator,
                 io.infrakit.core.spec.Secrets secrets) {
        this.secrets = secrets;
        this.store = store;
        this.controller = controller;
        this.answerTimeout = answerTimeout;
        this.validator = validator;
    }

    @Override
    public String commitGroup(GroupSpec spec, boolean pretend) {
        return commit(spec, pretend, SpecStore.ANY_VERSION);
    }

    /** Commits over the stored version {@code expected} only (a restore over a damaged version). */
    String commitOver(GroupSpec spec, long expected) {
        return commit(spec, false, expected);
    }

    private String commit(GroupSpec spec, boolean pretend, long expected) {
        GroupConfig cfg = validator.validate(spec);
        requireSecrets(spec);
        if (pretend) {
            store.get(spec.id()); // a damaged group: plan refuses as apply would (DamagedGroupException)
        }
        GroupPlugin groups = controller();
        String what = (pretend ? "plan" : "validate") + " group '" + spec.id() + "'";
        if (groups instanceof ValidatedCommits local) {
            // The controller runs in this JVM: hand it the validated config, so each plugin validates once.
            if (pretend) {
                return bounded(what, () -> local.check(cfg)).details();
            }
            return locked(() -> {
                ValidatedCommits.Checked checked = bounded(what, () -> local.check(cfg));
                return handOver(storeUnlessSame(spec, expected), () -> local.commit(checked));
            });
        }
        if (pretend) {
            return bounded(what, () -> groups.commitGroup(spec, true));
        }
        return locked(() -> {
            // A controller elsewhere checks what only it can (plugins reachable, their Validate) before we store.
            bounded(what, () -> groups.commitGroup(spec, true));
            StoredSpec stored = storeUnlessSame(spec, expected);
            return handOver(stored, () -> controller().commitGroup(stored.spec(), false));
        });
    }

    /**
     * Stores the spec as a new version, unless it is exactly the latest one: an apply that
     * {@code plan} calls "no changes" changes nothing, not even the history (whose kept versions
     * it would push out). A restore over a damaged version is always stored.
     */
    private StoredSpec storeUnlessSame(GroupSpec spec, long expected) {
        if (expected == SpecStore.ANY_VERSION) {
            java.util.Optional<StoredSpec> latest = store.get(spec.id());
            if (latest.isPresent() && java.util.Objects.equals(latest.get().spec().properties(), spec.properties())) {
                return latest.get();
            }
        }
        return store.commit(spec, expected);
    }

    /**
     * A spec that refers to a secret this host cannot give is refused now, naming the secret and
     * where to put it, rather than failing every provision later. Only presence is checked: the
     * value is read where the plugin is called.
     */
    private void requireSecrets(GroupSpec spec) {
        if (secrets == null) {
            return;
        }
        List<String> problems = new java.util.ArrayList<>();
        for (String name : io.infrakit.core.spec.Secrets.referenced(spec.properties())) {
            String why = secrets.missing(name);
            if (why != null) {
                problems.add("group '" + spec.id() + "': " + why);
            }
        }
        if (!problems.isEmpty()) {
            throw new io.infrakit.core.spec.InvalidSpecException(problems);
        }
    }

    /**
     * Commits a stored spec again (a new leader resuming). A controller in this JVM takes it validated
     * by this manager (its ceiling, manager.max-size, is what the spec was accepted under); one
     * elsewhere validates it as any commit.
     */
    String recommit(StoredSpec s) {
        GroupConfig cfg;
        try {
            cfg = validator.validate(s.spec());
        } catch (io.infrakit.core.spec.InvalidSpecException e) {
            throw new RefusedByRules(e.getMessage());
        }
        return locked(() -> {
            GroupPlugin groups = registered(controller.get());
            if (groups instanceof ValidatedCommits local) {
                return local.commit(local.check(cfg));
            }
            return groups.commitGroup(s.spec(), false);
        });
    }

    /**
     * A stored spec this version's rules refuse (as opposed to a plugin not reachable yet, which
     * resuming waits for): retrying cannot help.
     */
    static final class RefusedByRules extends PluginException {
        RefusedByRules(String message) {
            super(message);
        }
    }

    /** Hands a stored spec to the controller; answers within the timeout whatever the controller does. */
    private String handOver(StoredSpec stored, Callable<String> commit) {
        Future<String> f = handOver.submit(commit);
        try {
            String details = f.get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("committed group={} version={}: {}", stored.id(), stored.version(), details);
            return details;
        } catch (TimeoutException e) {
            log.warn("committed group={} version={}; the group controller is still taking it", stored.id(), stored.version());
            return "Committed group '" + stored.id() + "' (version " + stored.version()
                    + "); the group controller is still accepting it";
        } catch (ExecutionException e) {
            throw asPluginException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted while committing group '" + stored.id() + "'");
        }
    }

    @Override
    public void freeGroup(String id) {
        locked(() -> {
            boolean known = store.remove(id);
            try {
                controller().freeGroup(id);
            } catch (PluginException e) {
                // A stored group the controller does not run (damaged, or refused by the rules): forgetting it is the whole job.
                if (!known) {
                    throw e;
                }
                log.info("group={} was stored but not run ({}); forgotten", id, e.getMessage());
            }
            log.info("freed group={} reason=request", id);
            return null;
        });
    }

    @Override
    public GroupDescription describeGroup(String id) {
        return controller().describeGroup(id);
    }

    @Override
    public void destroyGroup(String id) {
        locked(() -> {
            // Forget the spec first: a crash in the middle must not bring the group back on restart.
            boolean known = store.remove(id);
            try {
                controller().destroyGroup(id);
            } catch (PluginException e) {
                if (known) {
                    log.warn("group={} removed from the store; controller destroy failed: {}", id, e.getMessage());
                }
                throw e;
            }
            log.info("destroyed group={} reason=request", id);
            return null;
        });
    }

    @Override
    public List<GroupSpec> inspectGroups() {
        return store.list().stream().map(StoredSpec::spec).toList();
    }

    @Override
    public void destroyInstances(String id, List<String> instanceIds) {
        locked(() -> {
            GroupPlugin groups = controller();
            groups.destroyInstances(id, instanceIds);
            // The controller shrinks the group; keep the stored size in step so a restart does not regrow it.
            store.get(id).ifPresent(s -> {
                int size = groups.size(id);
                GroupConfig cfg = validator.validate(s.spec());
                if (cfg.desired() != size && !cfg.quorum()) {
                    store.commit(resized(s.spec(), size), s.version());
                }
            });
            return null;
        });
    }

    @Override
    public int size(String id) {
        return controller().size(id);
    }

    @Override
    public void setSize(String id, int size) {
        locked(() -> {
            StoredSpec s = store.get(id).orElseThrow(() -> Manager.unknownGroup(id));
            if (validator.validate(s.spec()).quorum()) {
                throw new PluginException("group '" + id + "' is sized by its LogicalIDs: change Allocation.LogicalIDs and commit instead");
            }
            store.commit(resized(s.spec(), size), s.version());
            controller().setSize(id, size);
            log.info("set size group={} size={} reason=request", id, size);
            return null;
        });
    }

    /** The stored document with another Allocation.Size, every other byte of it as the user wrote it. */
    private static GroupSpec resized(GroupSpec spec, int size) {
        ObjectNode props = spec.properties().deepCopy();
        ObjectNode alloc = props.get("Allocation") instanceof ObjectNode o ? o : props.putObject("Allocation");
        alloc.put("Size", size);
        return new GroupSpec(spec.id(), props);
    }

    /** A controller in this JVM rolls back through the store, so that a restart does not bring the bad version back. */
    private GroupPlugin registered(GroupPlugin g) {
        if (g instanceof GroupControllerPlugin local) {
            local.rollbacksVia(this::autoRollback);
        }
        return g;
    }

    /**
     * A rollback asked for by the controller (Policy.Update.AutoRollback, or an aborted canary): the
     * latest kept version with another config than {@code failedHash} is committed again as a new
     * version, the controller told first that it is a rollback. Null when no such version is kept.
     */
    String autoRollback(String id, String failedHash, String reason) {
        return locked(() -> {
            List<StoredSpec> versions = store.history(id);
            if (versions.isEmpty()) {
                return null;
            }
            GroupConfig newest = validator.validate(versions.get(0).spec());
            if (!newest.configHash().equals(failedHash)) {
                throw new PluginException("version " + versions.get(0).version() + " was committed since; it is not"
                        + " rolled back");
            }
            for (StoredSpec v : versions.subList(1, versions.size())) {
                GroupConfig cfg;
                try {
                    cfg = validator.validate(v.spec());
                } catch (RuntimeException e) {
                    continue; // a version the rules of today refuse cannot be gone back to
                }
                if (cfg.configHash().equals(failedHash)) {
                    continue;
                }
                if (!(controller.get() instanceof GroupControllerPlugin local)) {
                    return null;
                }
                local.expectRollback(id, cfg.configHash(), reason);
                ValidatedCommits.Checked checked = local.check(cfg);
                StoredSpec stored = store.commit(v.spec(), SpecStore.ANY_VERSION);
                log.warn("group={} rolled back: version {} stores the content of version {} ({})", id, stored.version(),
                        v.version(), reason);
                handOver(stored, () -> local.commit(checked));
                return "version " + stored.version() + " (the content of version " + v.version() + ", config "
                        + cfg.configHash() + ")";
            }
            return null;
        });
    }

    private <T> T locked(Supplier<T> body) {
        commitLock.lock();
        try {
            return body.get();
        } finally {
            commitLock.unlock();
        }
    }

    GroupPlugin controller() {
        try {
            return registered(controller.get());
        } catch (RuntimeException e) {
            throw new PluginException("the group controller is not reachable: " + e.getMessage()
                    + " (start it with: infrakit plugin start group)", e);
        }
    }

    private <T> T bounded(String what, Supplier<T> call) {
        Future<T> f = calls.submit(call::get);
        try {
            return f.get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new PluginException("the group controller did not answer within " + answerTimeout.toSeconds()
                    + " s to " + what + "; nothing was committed");
        } catch (ExecutionException e) {
            throw asPluginException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted: " + what);
        }
    }

    private static PluginException asPluginException(Throwable t) {
        return t instanceof PluginException p ? p : new PluginException(String.valueOf(t.getMessage()), t);
    }

    @Override
    public void close() {
        handOver.shutdown();
        calls.shutdownNow();
        try {
            handOver.awaitTermination(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.infrakit.core.manager;

import io.infrakit.core.manager.store.SpecStore;
import io.infrakit.core.manager.store.Leadership;
import io.infrakit.core.manager.store.StoredSpec;
import io.infrakit.core.spec.GroupSpecValidator;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.controller.Controller;
import io.infrakit.spi.controller.ControllerObject;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.controller.Metadata;
import io.infrakit.spi.controller.Operation;
import io.infrakit.spi.controller.PlanResult;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The manager: fronts the group controller with a durable spec store and leadership.
 * <ul>
 * <li>A commit is validated, stored, then handed to the group controller ({@link StoredGroups});
 * the caller gets an answer within {@code answerTimeout} even if the controller is slow. InfraKit's
 * manager waited on its controller and its CLI timed out (seeds/000).</li>
 * <li>Only the leader talks to the group controller. On election it recommits every stored spec,
 * so a new leader (or a restarted one) resumes convergence; on losing leadership it frees them.</li>
 * <li>Followers answer reads from the store and forward everything else to the leader
 * ({@link LeaderRouting}); Controller/0.1.1 is served by {@link ControllerFacade} over the same path.</li>
 * </ul>
 */
public final class Manager implements GroupPlugin, Controller, ManagerApi, AutoCloseable {

    /** Reaches the leader's manager (its Group object) from a follower. */
    public interface LeaderClient {
        GroupPlugin connect(String location);
    }

    /** Where {@link #events} come from (the group controller's event feed); empty when none. */
    public interface EventSource {
        EventSource NONE = new EventSource() {
            @Override
            public EventPage events(long after, String group) {
                return new EventPage(List.of(), after);
            }

            @Override
            public Map<String, Instant> provisioned(String group) {
                return Map.of();
            }
        };

        EventPage events(long after, String group);

        /** When each member of {@code group} was provisioned, from its PROVISIONED events (the last one counts). */
        Map<String, Instant> provisioned(String group);
    }

    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(5);
    public static final String KIND = ControllerFacade.KIND;
    private static final Logger log = LoggerFactory.getLogger(Manager.class);

    private final SpecStore store;
    private final Leadership leadership;
    private final Supplier<GroupPlugin> controller;
    private final LeaderClient leaderClient;
    private final EventSource events;
    private final StoredGroups stored;
    private final GroupPlugin groups;
    private final Controller facade;
    private final Rollouts rollouts;
    private volatile String self;
    private volatile boolean closed;
    private volatile long term;
    // Stored groups this version's rules refuse (an ID an older version allowed, a size above the ceiling): not run.
    private final java.util.Map<String, Damage> refused = new java.util.concurrent.ConcurrentHashMap<>();

    public Manager(SpecStore store, Leadership leadership, Supplier<GroupPlugin> controller, LeaderClient leaderClient) {
        this(store, leadership, controller, leaderClient, DEFAULT_ANSWER_TIMEOUT, EventSource.NONE);
    }

    public Manager(SpecStore store, Leadership leadership, Supplier<GroupPlugin> controller, LeaderClient leaderClient,
                   Duration answerTimeout, EventSource events) {
        this(store, leadership, controller, leaderClient, answerTimeout, events,
                GroupSpecValidator.maxSize(System.getenv(GroupSpecValidator.MAX_SIZE_ENV)));
    }

    /** As above, accepting a Size or LogicalIDs list up to {@code maxSize} (the manager.max-size option). */
    public Manager(SpecStore store, Leadership leadership, Supplier<GroupPlugin> controller, LeaderClient leaderClient,
                   Duration answerTimeout, EventSource events, int maxSize) {
        this(store, leadership, controller, leaderClient, answerTimeout, events, maxSize, null);
    }

    /** As above; a commit naming a secret that {@code secrets} cannot give is refused (null: not checked). */
    public Manager(SpecStore store, Leadership leadership, Supplier<GroupPlugin> controller, LeaderClient leaderClient,
                   Duration answerTimeout, EventSource events, int maxSize, io.infrakit.core.spec.Secrets secrets) {
        this.events = events;
        this.store = store;
        this.leadership = leadership;
        this.controller = controller;
        this.leaderClient = leaderClient;
        GroupSpecValidator validator = new GroupSpecValidator(maxSize);
        this.stored = new StoredGroups(store, controller, answerTimeout, validator, secrets);
        this.groups = new LeaderRouting(stored, this::isLeader, this::leader, validator);
        this.facade = new ControllerFacade(groups);
        this.rollouts = new Rollouts(store, stored, this);
    }

    /** Starts campaigning; {@code self} is where this manager listens (e.g. its socket path). */
    public void start(String self) {
        this.self = self;
        leadership.start(self, new Leadership.Listener() {
            @Override
            public void elected() {
                long myTerm = ++term;
                Thread.ofVirtual().name("manager-elected").start(() -> resume(myTerm));
            }

            @Override
            public void revoked() {
                ++term;
                freeAll();
            }
        });
    }

    public boolean isLeader() {
        return leadership.isLeader();
    }

    public Optional<String> leaderLocation() {
        return leadership.leaderLocation();
    }

    public SpecStore store() {
        return store;
    }

    // ---- leadership transitions ------------------------------------------------------------

    /** Recommits every stored spec; retries while the group controller is not up yet. */
    private void resume(long myTerm) {
        List<StoredSpec> specs = store.list();
        log.info("leader: resuming {} stored group(s)", specs.size());
        // A damaged group is not run, and not run from an older version either: that would roll its
        // members back behind the user's back. Its instances are left alone until someone restores it.
        for (var d : store.damage()) {
            if (d.newest()) {
                log.error("not resuming: {}", d.message());
            }
        }
        for (StoredSpec s : specs) {
            long delay = 200;
            while (!closed && term == myTerm && leadership.isLeader()) {
                try {
                    String details = stored.recommit(s);
                    refused.remove(s.id());
                    log.info("resumed group={} version={} reason=elected: {}", s.id(), s.version(), details);
                    break;
                } catch (StoredGroups.RefusedByRules e) {
                    // Retrying cannot help: the rules changed under a stored spec. Say so once, and how to move on.
                    Damage d = refusedByRules(s, e.getMessage());
                    refused.put(s.id(), d);
                    log.error("not resuming group={} version={}: {}; {}", s.id(), s.version(), d.reason(), d.fix());
                    break;
                } catch (RuntimeException e) {
                    // Plugins started together come up in any order: waiting a few seconds for the
                    // group controller is normal, not worth a warning.
                    if (delay < 3200) {
                        log.info("waiting to resume group={} (retrying in {} ms): {}", s.id(), delay, e.getMessage());
                    } else {
                        log.warn("cannot resume group={} yet (retrying in {} ms): {}", s.id(), delay, e.getMessage());
                    }
                    sleep(delay);
                    delay = Math.min(delay * 2, 5000);
                }
            }
        }
    }

    private void freeAll() {
        // Ask the group controller what it runs, not the store: losing leadership often means the
        // store (etcd) just became unreachable, and the controller must stop acting all the same.
        List<String> ids;
        try {
            ids = controller.get().inspectGroups().stream().map(GroupSpec::id).toList();
        } catch (RuntimeException e) {
            log.warn("cannot list the group controller's groups on leadership loss ({}); freeing the stored ones", e.getMessage());
            ids = store.list().stream().map(StoredSpec::id).toList();
        }
        for (String id : ids) {
            try {
                controller.get().freeGroup(id);
                log.info("freed group={} reason=lost-leadership", id);
            } catch (RuntimeException e) {
                log.warn("free of group={} on leadership loss failed: {}", id, e.getMessage());
            }
        }
    }

    private GroupPlugin leader() {
        String where = leaderLocation().orElseThrow(() -> new PluginException(
                "no manager leads yet: wait a moment and retry (leadership is decided within a second)"));
        if (where.equals(self)) {
            throw new PluginException("this manager is between terms (not leader yet): retry in a moment");
        }
        log.debug("forwarding to leader at {}", where);
        return leaderClient.connect(where);
    }

    // ---- Group/0.1.1, routed to the leader ---------------------------------------------------

    @Override
    public String commitGroup(GroupSpec spec, boolean pretend) {
        String details = groups.commitGroup(spec, pretend);
        if (!pretend && spec != null) {
            refused.remove(spec.id());
        }
        return details;
    }

    @Override
    public void freeGroup(String id) {
        groups.freeGroup(id);
        refused.remove(id);
    }

    @Override
    public GroupDescription describeGroup(String id) {
        return groups.describeGroup(id);
    }

    @Override
    public void destroyGroup(String id) {
        groups.destroyGroup(id);
        refused.remove(id);
    }

    @Override
    public List<GroupSpec> inspectGroups() {
        return groups.inspectGroups();
    }

    @Override
    public void destroyInstances(String id, List<String> instanceIds) {
        groups.destroyInstances(id, instanceIds);
    }

    @Override
    public int size(String id) {
        return groups.size(id);
    }

    @Override
    public void setSize(String id, int size) {
        groups.setSize(id, size);
    }

    // ---- Controller/0.1.1 --------------------------------------------------------------------

    @Override
    public PlanResult plan(Operation operation, ControllerSpec spec) {
        return facade.plan(operation, spec);
    }

    @Override
    public ControllerObject commit(Operation operation, ControllerSpec spec) {
        return facade.commit(operation, spec);
    }

    @Override
    public List<ControllerObject> describe(Metadata search) {
        return facade.describe(search);
    }

    @Override
    public List<ControllerSpec> specs(Metadata search) {
        return facade.specs(search);
    }

    @Override
    public List<ControllerObject> free(Metadata search) {
        return facade.free(search);
    }

    // ---- extensions --------------------------------------------------------------------------

    @Override
    public LeaderInfo leadership() {
        return new LeaderInfo(isLeader(), leaderLocation().orElse(null), self, leadership.problem().orElse(null));
    }

    @Override
    public List<Damage> damaged() {
        List<Damage> all = new java.util.ArrayList<>(store.damage().stream().map(Damage::of).toList());
        all.addAll(refused.values());
        return all;
    }

    /** A stored group an older version accepted and this one refuses: the reason, and how to rename or resize it. */
    static Damage refusedByRules(StoredSpec s, String reason) {
        String id = s.id();
        String fix = reason.contains("group ID") || reason.contains("not a plain name")
                ? "its ID was accepted by an older version; rename the group: save its spec (infrakit group inspect '" + id
                + "' > spec.json), set a plain ID (letters, digits, '.', '_', '-'), commit it (infrakit group commit spec.json),"
                + " then drop the old name with infrakit group free '" + id + "' (its instances keep the old group tag:"
                + " remove them with infrakit instance destroy once the new group runs)"
                : "commit the group again within the rules (infrakit apply -f FILE), or raise the ceiling the message names";
        return new Damage(id, null, s.version(), true, "its stored spec is refused by this version's rules: " + reason, fix);
    }

    @Override
    public List<Version> history(String id) {
        return store.history(LeaderRouting.requireId(id)).stream().map(Version::of).toList();
    }

    @Override
    public EventPage events(long after, String group) {
        return events.events(after, group);
    }

    /**
     * When each member of {@code group} was provisioned, as {@link #events} would say it, without writing each time
     * as text to be read back (the thin client's {@code get instances} runs in this process).
     */
    public Map<String, Instant> provisioned(String group) {
        return events.provisioned(group);
    }

    @Override
    public String rollback(String id) {
        return rollouts.rollback(id);
    }

    @Override
    public String rollbackTo(String id, long version) {
        return rollouts.rollbackTo(id, version);
    }

    @Override
    public String promote(String id) {
        return rollouts.promote(id);
    }

    @Override
    public String abort(String id) {
        return rollouts.abort(id);
    }

    @Override
    public String completeHook(String id, String instance, String result) {
        return rollouts.completeHook(id, instance, result);
    }

    // ---- helpers -----------------------------------------------------------------------------

    static PluginException unknownGroup(String id) {
        return new PluginException("group '" + id + "' is not managed here: commit it first (infrakit apply -f FILE)");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        leadership.close();
        stored.close();
        store.close();
    }
}

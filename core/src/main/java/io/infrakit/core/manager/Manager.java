package io.infrakit.core.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.controller.Controller;
import io.infrakit.spi.controller.ControllerObject;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.controller.Metadata;
import io.infrakit.spi.controller.Operation;
import io.infrakit.spi.controller.Plan;
import io.infrakit.spi.controller.PlanResult;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The manager: fronts the group controller with a durable spec store and leadership.
 * <ul>
 * <li>A commit is validated, stored, then handed to the group controller; the caller gets an
 * answer within {@code answerTimeout} even if the controller is slow (the spec is safe on disk
 * and the hand-over finishes in the background). InfraKit's manager waited on its controller and
 * its CLI timed out (seeds/000).</li>
 * <li>Only the leader talks to the group controller. On election it recommits every stored spec,
 * so a new leader (or a restarted one) resumes convergence; on losing leadership it frees them.</li>
 * <li>Followers answer reads from the store and forward everything else to the leader.</li>
 * </ul>
 */
public final class Manager implements GroupPlugin, Controller, ManagerApi, AutoCloseable {

    /** Reaches the leader's manager (its Group object) from a follower. */
    public interface LeaderClient {
        GroupPlugin connect(String location);
    }

    /** Where {@link #events} come from (the group controller's event bus); empty when none. */
    public interface EventSource {
        EventSource NONE = (after, group) -> new EventPage(List.of(), after);

        EventPage events(long after, String group);
    }

    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(5);
    public static final String KIND = "group";
    private static final Logger log = LoggerFactory.getLogger(Manager.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SpecStore store;
    private final Leadership leadership;
    private final Supplier<GroupPlugin> controller;
    private final LeaderClient leaderClient;
    private final Duration answerTimeout;
    private final EventSource events;
    private final SpecParser validator = new SpecParser(java.util.Map.of(), null);
    // One worker hands commits to the controller in the order they were stored.
    private final ExecutorService handOver = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("manager-commit").factory());
    // Bounded waits on the controller run here, so a hung controller never holds a caller.
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Object commitLock = new Object();
    private volatile String self;
    private volatile boolean closed;
    private volatile long term;

    public Manager(SpecStore store, Leadership leadership, Supplier<GroupPlugin> controller, LeaderClient leaderClient) {
        this(store, leadership, controller, leaderClient, DEFAULT_ANSWER_TIMEOUT, EventSource.NONE);
    }

    public Manager(SpecStore store, Leadership leadership, Supplier<GroupPlugin> controller, LeaderClient leaderClient,
                   Duration answerTimeout, EventSource events) {
        this.events = events;
        this.store = store;
        this.leadership = leadership;
        this.controller = controller;
        this.leaderClient = leaderClient;
        this.answerTimeout = answerTimeout;
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
        for (StoredSpec s : specs) {
            long delay = 200;
            while (!closed && term == myTerm && leadership.isLeader()) {
                try {
                    synchronized (commitLock) {
                        String details = controller.get().commitGroup(s.spec(), false);
                        log.info("resumed group={} version={} reason=elected: {}", s.id(), s.version(), details);
                    }
                    break;
                } catch (RuntimeException e) {
                    log.warn("cannot resume group={} yet (retrying in {} ms): {}", s.id(), delay, e.getMessage());
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

    // ---- Group/0.1.1 -----------------------------------------------------------------------

    @Override
    public String commitGroup(GroupSpec spec, boolean pretend) {
        requireId(spec == null ? null : spec.id());
        List<String> problems = validator.validateProperties(spec.id(), spec.properties());
        if (!problems.isEmpty()) {
            throw new SpecFileException(problems);
        }
        if (!isLeader()) {
            return leader().commitGroup(spec, pretend);
        }
        GroupPlugin groups = controller();
        if (pretend) {
            return bounded("plan group '" + spec.id() + "'", () -> groups.commitGroup(spec, true));
        }
        synchronized (commitLock) {
            // The controller checks what only it can (plugins reachable, their Validate) before we store.
            bounded("validate group '" + spec.id() + "'", () -> groups.commitGroup(spec, true));
            StoredSpec stored = store.commit(spec, SpecStore.ANY_VERSION);
            return handOver(stored);
        }
    }

    /** Hands a stored spec to the controller; answers within the timeout whatever the controller does. */
    private String handOver(StoredSpec stored) {
        Future<String> f = handOver.submit(() -> controller().commitGroup(stored.spec(), false));
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
        requireId(id);
        if (!isLeader()) {
            leader().freeGroup(id);
            return;
        }
        synchronized (commitLock) {
            store.remove(id);
            controller().freeGroup(id);
            log.info("freed group={} reason=request", id);
        }
    }

    @Override
    public GroupDescription describeGroup(String id) {
        requireId(id);
        return isLeader() ? controller().describeGroup(id) : leader().describeGroup(id);
    }

    @Override
    public void destroyGroup(String id) {
        requireId(id);
        if (!isLeader()) {
            leader().destroyGroup(id);
            return;
        }
        synchronized (commitLock) {
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
        }
    }

    @Override
    public List<GroupSpec> inspectGroups() {
        return store.list().stream().map(StoredSpec::spec).toList();
    }

    @Override
    public void destroyInstances(String id, List<String> instanceIds) {
        requireId(id);
        if (!isLeader()) {
            leader().destroyInstances(id, instanceIds);
            return;
        }
        synchronized (commitLock) {
            GroupPlugin groups = controller();
            groups.destroyInstances(id, instanceIds);
            // The controller shrinks the group; keep the stored size in step so a restart does not regrow it.
            store.get(id).ifPresent(s -> {
                int size = groups.size(id);
                if (sizeOf(s.spec()) != size && !isQuorum(s.spec())) {
                    store.commit(withSize(s.spec(), size), s.version());
                }
            });
        }
    }

    @Override
    public int size(String id) {
        requireId(id);
        if (!isLeader()) {
            return leader().size(id);
        }
        return controller().size(id);
    }

    @Override
    public void setSize(String id, int size) {
        requireId(id);
        if (size < 0) {
            throw new PluginException("size " + size + " for group '" + id + "' is negative: a size must be 0 or more");
        }
        if (!isLeader()) {
            leader().setSize(id, size);
            return;
        }
        synchronized (commitLock) {
            StoredSpec s = store.get(id).orElseThrow(() -> unknownGroup(id));
            if (isQuorum(s.spec())) {
                throw new PluginException("group '" + id + "' is sized by its LogicalIDs: change Allocation.LogicalIDs and commit instead");
            }
            store.commit(withSize(s.spec(), size), s.version());
            controller().setSize(id, size);
            log.info("set size group={} size={} reason=request", id, size);
        }
    }

    // ---- extensions --------------------------------------------------------------------------

    @Override
    public LeaderInfo leadership() {
        return new LeaderInfo(isLeader(), leaderLocation().orElse(null), self);
    }

    @Override
    public List<Version> history(String id) {
        requireId(id);
        return store.history(id).stream().map(Version::of).toList();
    }

    @Override
    public EventPage events(long after, String group) {
        return events.events(after, group);
    }

    @Override
    public String rollback(String id) {
        requireId(id);
        if (!isLeader()) {
            throw new PluginException("this manager is not the leader; roll back through the leader at "
                    + leaderLocation().orElse("(unknown)"));
        }
        List<StoredSpec> versions = store.history(id);
        if (versions.isEmpty()) {
            throw unknownGroup(id);
        }
        if (versions.size() < 2) {
            throw new PluginException("group '" + id + "' has only one version (" + versions.get(0).version()
                    + "): there is nothing to roll back to");
        }
        StoredSpec previous = versions.get(1);
        log.info("rolling back group={} from version={} to the content of version={}", id, versions.get(0).version(), previous.version());
        String details = commitGroup(previous.spec(), false);
        return "Rolled back group '" + id + "' to version " + previous.version() + ": " + details;
    }

    @Override
    public String rollbackTo(String id, long version) {
        requireId(id);
        if (!isLeader()) {
            throw new PluginException("this manager is not the leader; roll back through the leader at "
                    + leaderLocation().orElse("(unknown)"));
        }
        List<StoredSpec> versions = store.history(id);
        if (versions.isEmpty()) {
            throw unknownGroup(id);
        }
        StoredSpec target = versions.stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> new PluginException("group '" + id + "' has no kept version " + version + ": the kept versions are "
                        + versions.reversed().stream().map(v -> String.valueOf(v.version())).collect(java.util.stream.Collectors.joining(", "))
                        + " (see infrakit history " + id + ")"));
        if (target == versions.get(0)) {
            return "Group '" + id + "' is at version " + version + " already: nothing to roll back";
        }
        log.info("rolling back group={} from version={} to the content of version={}", id, versions.get(0).version(), version);
        String details = commitGroup(target.spec(), false);
        return "Rolled back group '" + id + "' to version " + version + ": " + details;
    }

    // ---- Controller/0.1.1 --------------------------------------------------------------------

    @Override
    public PlanResult plan(Operation operation, ControllerSpec spec) {
        GroupSpec g = toGroupSpec(spec);
        if (operation == Operation.DESTROY) {
            return new PlanResult(ControllerObject.of(spec, null), new Plan(List.of("Destroy group '" + g.id() + "' and its instances")));
        }
        String details = commitGroup(g, true);
        return new PlanResult(ControllerObject.of(spec, null), new Plan(List.of(details)));
    }

    @Override
    public ControllerObject commit(Operation operation, ControllerSpec spec) {
        if (operation == Operation.DESTROY) {
            String id = spec == null ? null : spec.name();
            requireId(id);
            destroyGroup(id);
            return ControllerObject.of(spec, null);
        }
        GroupSpec g = toGroupSpec(spec);
        String details = commitGroup(g, false);
        ObjectNode state = JSON.createObjectNode().put("Details", details);
        return ControllerObject.of(spec, state);
    }

    @Override
    public List<ControllerObject> describe(Metadata search) {
        List<ControllerObject> out = new ArrayList<>();
        for (StoredSpec s : store.list()) {
            if (!Metadata.matches(search, s.id())) {
                continue;
            }
            JsonNode state = null;
            try {
                state = JSON.valueToTree(describeGroup(s.id()));
            } catch (RuntimeException e) {
                state = JSON.createObjectNode().put("Error", e.getMessage());
            }
            out.add(ControllerObject.of(toControllerSpec(s.spec()), state));
        }
        return out;
    }

    @Override
    public List<ControllerSpec> specs(Metadata search) {
        return store.list().stream().filter(s -> Metadata.matches(search, s.id())).map(s -> toControllerSpec(s.spec())).toList();
    }

    @Override
    public List<ControllerObject> free(Metadata search) {
        List<ControllerObject> out = new ArrayList<>();
        for (StoredSpec s : store.list()) {
            if (Metadata.matches(search, s.id())) {
                freeGroup(s.id());
                out.add(ControllerObject.of(toControllerSpec(s.spec()), null));
            }
        }
        return out;
    }

    public static GroupSpec toGroupSpec(ControllerSpec spec) {
        if (spec == null) {
            throw new PluginException("Spec is missing: send {\"kind\":\"group\",\"metadata\":{\"name\":ID},\"properties\":{...}}");
        }
        if (spec.kind() != null && !spec.kind().isBlank() && !spec.kind().equals(KIND)) {
            throw new PluginException("kind '" + spec.kind() + "' is not served here: this manager serves kind '" + KIND + "'");
        }
        requireId(spec.name());
        return new GroupSpec(spec.name(), spec.properties());
    }

    public static ControllerSpec toControllerSpec(GroupSpec spec) {
        return new ControllerSpec(KIND, "", new Metadata(spec.id(), null), spec.properties(), null);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private GroupPlugin controller() {
        try {
            return controller.get();
        } catch (RuntimeException e) {
            throw new PluginException("the group controller is not reachable: " + e.getMessage()
                    + " (start it with: infrakit plugin start group)", e);
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

    private static void requireId(String id) {
        if (id == null || id.isBlank()) {
            throw new PluginException("Group ID must not be blank");
        }
    }

    private static PluginException unknownGroup(String id) {
        return new PluginException("group '" + id + "' is not managed here: commit it first (infrakit apply -f FILE)");
    }

    static int sizeOf(GroupSpec spec) {
        return spec.properties() == null ? 0 : spec.properties().path("Allocation").path("Size").asInt(0);
    }

    static boolean isQuorum(GroupSpec spec) {
        JsonNode ids = spec.properties() == null ? null : spec.properties().path("Allocation").get("LogicalIDs");
        return ids != null && ids.isArray() && !ids.isEmpty();
    }

    static GroupSpec withSize(GroupSpec spec, int size) {
        ObjectNode props = spec.properties() == null ? JSON.createObjectNode() : spec.properties().deepCopy();
        JsonNode alloc = props.get("Allocation");
        ObjectNode a = alloc instanceof ObjectNode o ? o : props.putObject("Allocation");
        a.put("Size", size);
        return new GroupSpec(spec.id(), props);
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
        handOver.shutdown();
        calls.shutdownNow();
        try {
            handOver.awaitTermination(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}

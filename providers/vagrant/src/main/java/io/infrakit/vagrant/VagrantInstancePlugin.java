package io.infrakit.vagrant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Instance plugin over Vagrant: one Vagrant environment (a folder with a Vagrantfile) per instance.
 *
 * <p>Provision writes the folder and returns the instance's ID at once; {@code vagrant up} and
 * the Init then run on a virtual thread ({@link Provisioning}). A {@code vagrant up} takes from
 * seconds (Docker) to minutes (a VM box): InfraKit's Vagrant plugin answered only when it was
 * done, and its users' CLI gave up waiting while the machine came up anyway (seed 000). Here the
 * instance is listed from the start, tagged {@code infrakit.init.status=running}, so the group
 * controller counts it and never provisions a second one for the same slot.
 *
 * <p>DescribeInstances reads the metadata files and the machine ID Vagrant keeps in each folder;
 * with {@code Properties} it also makes ONE {@code vagrant global-status --prune} for all instances
 * (Vagrant's state of each), never one {@code vagrant status} per instance. A machine whose ID is
 * gone (destroyed behind the plugin's back) is left out, so that its group replaces it, and its
 * folder is removed a minute later.
 */
public final class VagrantInstancePlugin implements InstancePlugin, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VagrantInstancePlugin.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VagrantOptions options;
    private final VagrantCli cli;
    private final MachineFolders folders;
    private final PropertiesReader reader = new PropertiesReader();
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("vagrant-up-", 0).factory());
    /** Provisionings running in this process, by instance ID. */
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    /** Serialises the vagrant commands run in one instance's folder (up and Init, destroy) and its removal. */
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final ReentrantLock statusLock = new ReentrantLock();
    /** Machines found destroyed behind our back, since when (System.nanoTime). */
    private final Map<String, Long> goneSince = new ConcurrentHashMap<>();
    private volatile Duration reapAfter = Duration.ofMinutes(1);
    private volatile Status lastStatus;

    public VagrantInstancePlugin(VagrantOptions options) {
        this.options = options;
        Map<String, String> env = new HashMap<>();
        if (options.vagrantHome() != null) {
            env.put("VAGRANT_HOME", options.vagrantHome().toString());
        }
        this.cli = new VagrantCli(options.command(), env);
        this.folders = new MachineFolders(options.dir());
    }

    VagrantOptions options() {
        return options;
    }

    Path folder(String id) {
        return folders.dir(id);
    }

    @Override
    public void validate(JsonNode properties) {
        reader.read(properties);
    }

    @Override
    public String provision(InstanceSpec spec) {
        VagrantProperties p = reader.read(spec.properties());
        byte[] random = new byte[5];
        RANDOM.nextBytes(random);
        String id = "vagrant-" + HexFormat.of().formatHex(random);
        Map<String, String> tags = new TreeMap<>(p.tags());
        if (spec.tags() != null) {
            tags.putAll(spec.tags());
        }
        String logical = spec.logicalId() == null || spec.logicalId().isBlank() ? null : spec.logicalId();
        if (logical != null) {
            tags.put(Tags.LOGICAL_ID, logical);
        }
        boolean hasInit = !spec.init().isBlank();
        folders.create(id);
        try {
            if (hasInit) {
                folders.write(id, Vagrantfile.INIT_FILE, spec.init());
            }
            folders.write(id, "Vagrantfile", Vagrantfile.render(id, p, hasInit));
            folders.save(new Machine(id, logical, tags, p.effectiveProvider(), Machine.PROVISIONING,
                    hasInit ? Tags.INIT_RUNNING : null, null, Instant.now().toString()));
        } catch (PluginException e) {
            folders.remove(id);
            throw e;
        }
        Provisioning job = new Provisioning(id, p.effectiveProvider(), p.docker(), hasInit, cli, folders, options, lock(id));
        // Registered before it starts, so that a Destroy arriving now waits for it.
        running.put(id, threads.submit(() -> {
            try {
                job.run();
            } finally {
                running.remove(id);
            }
        }));
        log.info("vagrant: instance {} provisioning in {} ({}{})", id, folders.dir(id),
                p.box() != null ? "box " + p.box() : "image " + p.image(), logical == null ? "" : ", logical ID " + logical);
        return id;
    }

    private ReentrantLock lock(String id) {
        return locks.computeIfAbsent(id, k -> new ReentrantLock());
    }

    @Override
    public void label(String instanceId, Map<String, String> labels) {
        boolean found = folders.update(instanceId, m -> {
            Map<String, String> tags = new TreeMap<>(m.tags());
            tags.putAll(labels);
            return m.withTags(tags);
        });
        if (!found) {
            throw new PluginException("vagrant: no instance " + instanceId + " to label");
        }
    }

    @Override
    public void destroy(String instanceId, DestroyContext context) {
        if (folders.read(instanceId).isEmpty()) {
            throw new PluginException("vagrant: no instance " + instanceId + " (no folder " + folders.dir(instanceId) + ")");
        }
        // A vagrant up still running is waited for: killing it could leave a machine Vagrant has no ID for.
        Future<?> up = running.get(instanceId);
        if (up != null) {
            try {
                up.get(options.upTimeout().plus(options.initTimeout()).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginException("vagrant: destroy of " + instanceId + " interrupted while its vagrant up ran");
            } catch (ExecutionException | TimeoutException e) {
                log.warn("vagrant: provisioning of {} did not end well ({}); destroying it anyway", instanceId, e.toString());
            }
        }
        ReentrantLock lock = lock(instanceId);
        lock.lock();
        try {
            Path dir = folders.dir(instanceId);
            VagrantCli.Result r = cli.run(dir, options.commandTimeout(), instanceId, "destroy", "-f");
            if (!r.ok()) {
                throw new PluginException("vagrant destroy -f of " + instanceId + " failed" + (r.timedOut() ? " (timed out)" : " (exit "
                        + r.exitCode() + ")") + ": " + r.tail() + "; its folder " + dir + " is kept");
            }
            folders.remove(instanceId);
        } finally {
            lock.unlock();
            locks.remove(instanceId);
        }
        log.info("vagrant: instance {} destroyed ({})", instanceId, context == null ? "" : context.reason());
    }

    @Override
    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        List<Machine> wanted = new ArrayList<>();
        for (Machine m : folders.list()) {
            if (Tags.containsAll(tagsOf(m), tags)) {
                wanted.add(m);
            }
        }
        // Vagrant's own view of the machines is asked only for Properties, and then once for all of
        // them: a vagrant process costs a second or two of CPU (ruby), and a controller polls without.
        boolean needStatus = properties && wanted.stream().anyMatch(m -> !running.containsKey(m.id()) && !Machine.FAILED.equals(m.state()));
        Map<Path, String> status = needStatus ? globalStatus() : Map.of();
        List<InstanceDescription> out = new ArrayList<>(wanted.size());
        for (Machine listed : wanted) {
            Machine m = listed;
            boolean inFlight = running.containsKey(m.id());
            if (!inFlight && !Machine.FAILED.equals(m.state()) && !folders.hasMachineId(m.id())) {
                // No machine ID: vagrant destroy ran in its folder, or its up failed a moment ago.
                Machine now = folders.read(m.id()).orElse(null);
                if (now == null || !Machine.FAILED.equals(now.state())) {
                    reapLater(m);
                    continue;
                }
                m = now;
            }
            goneSince.remove(m.id());
            if (!inFlight && Machine.PROVISIONING.equals(m.state())) {
                // Left by a plugin that stopped while it ran: the machine exists, its Init's outcome is unknown.
                m = m.withState(Machine.READY, null, "provisioning was interrupted by a plugin stop");
            }
            Path dir = folders.dir(m.id()).toAbsolutePath().normalize();
            String state = status.getOrDefault(dir, inFlight || Machine.FAILED.equals(m.state()) ? null : "unknown");
            out.add(new InstanceDescription(m.id(), m.logicalId(), tagsOf(m), properties ? properties(m, dir, state) : null));
        }
        return out;
    }

    /**
     * One {@code vagrant global-status} begun after this call was made: concurrent callers (a
     * controller's poll, a user's describe) share one run instead of starting one each.
     */
    private Map<Path, String> globalStatus() {
        long asked = System.nanoTime();
        statusLock.lock();
        try {
            Status s = lastStatus;
            if (s != null && s.started() - asked >= 0) {
                return s.machines();
            }
            long started = System.nanoTime();
            Map<Path, String> machines = cli.globalStatus(folders.root(), options.commandTimeout());
            lastStatus = new Status(started, machines);
            return machines;
        } finally {
            statusLock.unlock();
        }
    }

    private record Status(long started, Map<Path, String> machines) {
    }

    /** The instance's tags as a group sees them: its own plus the Init's outcome. */
    private static Map<String, String> tagsOf(Machine m) {
        Map<String, String> t = new TreeMap<>(m.tags());
        if (Machine.FAILED.equals(m.state())) {
            t.put(Tags.INIT_STATUS, Tags.INIT_FAILED);
        } else if (m.init() != null) {
            t.put(Tags.INIT_STATUS, m.init());
        }
        return t;
    }

    private JsonNode properties(Machine m, Path dir, String state) {
        ObjectNode p = json.createObjectNode();
        p.put("Folder", dir.toString());
        p.put("Provider", m.provider());
        p.put("State", m.state());
        p.put("VagrantState", state);
        if (m.error() != null) {
            p.put("Error", m.error());
        }
        p.put("Created", m.created());
        return p;
    }

    /**
     * A machine destroyed behind the plugin's back: it is no longer listed (so its group replaces
     * it), and its folder, which holds only our metadata now, is removed once it has been gone for
     * {@link #reapAfter}: whoever ran {@code vagrant destroy} there may still be cleaning up.
     */
    private void reapLater(Machine m) {
        long now = System.nanoTime();
        long since = goneSince.computeIfAbsent(m.id(), k -> now);
        if (now - since < reapAfter.toNanos()) {
            return;
        }
        ReentrantLock lock = lock(m.id());
        if (!lock.tryLock()) {
            return; // a Destroy or a provisioning step holds it: it will deal with the folder
        }
        try {
            Machine current = folders.read(m.id()).orElse(null);
            // A failed up is shown (its group replaces it through Destroy), never reaped here.
            if (current == null || Machine.FAILED.equals(current.state()) || running.containsKey(m.id()) || folders.hasMachineId(m.id())) {
                return;
            }
            log.warn("vagrant: instance {} is gone (vagrant destroy outside InfraKit?); removing its folder", m.id());
            folders.remove(m.id());
            goneSince.remove(m.id());
        } catch (PluginException e) {
            log.warn("vagrant: could not remove the folder of {}: {}", m.id(), e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** How long a machine must have been gone before its folder is removed (tests shorten it). */
    void reapAfter(Duration d) {
        this.reapAfter = d;
    }

    @Override
    public void close() {
        // Running vagrant processes are killed: their instances are then marked failed, and replaced.
        threads.shutdownNow();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "VagrantInstancePlugin[" + options.dir() + "]";
    }
}

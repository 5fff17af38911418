package io.infrakit.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One group's Terraform working directory: the instances' {@code .tf.json} files, the local state,
 * and the two things that keep them sane.
 *
 * <ul>
 * <li><b>Changes are serialised.</b> Each change (write or remove a file, then {@code terraform
 * plan -out} and {@code apply} of that plan) holds this directory's {@link ReentrantLock} in this
 * process, and Terraform's own state lock ({@code -lock-timeout}) against other processes. Files
 * are replaced atomically, so a plan never reads half a file.</li>
 * <li><b>The state is read once per change.</b> {@link #state()} runs {@code terraform show -json}
 * only when the state file changed (its size and modification time) or this plugin applied a
 * change since the last reading, one caller at a time. While a change is being applied the last
 * reading is served, never a state being rewritten.</li>
 * </ul>
 */
final class WorkingDir {

    private static final Logger log = LoggerFactory.getLogger(WorkingDir.class);
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    static final String STATE = "terraform.tfstate";
    /** Plan files are named per change: two processes sharing a directory must not apply (or remove) each other's. */
    static final String PLAN_PREFIX = "infrakit-";
    /** A file of no resource: Terraform refuses to plan in a directory without configuration, as after the last Destroy. */
    static final String KEEP = "infrakit.tf.json";
    /** Plans made for one change when other processes keep making ours stale. */
    private static final int MAX_PLANS = 10;

    /** What a change does to the files, and how to take it back when Terraform refuses it. */
    interface Change {
        /** Does it; returns its undo. */
        Runnable apply();
    }

    private record Stamp(long modified, long size) {
    }

    /** A reading of the state; no longer fresh once this plugin applied a change after it. */
    private record Reading(Stamp stamp, StateSnapshot snapshot, boolean fresh) {
        Reading stale() {
            return new Reading(stamp, snapshot, false);
        }
    }

    private final Path dir;
    private final TerraformCli cli;
    private final TerraformOptions options;
    private final ObjectMapper json;
    private final ReentrantLock changes = new ReentrantLock();
    private volatile Reading last;
    /** Instances this plugin has seen in the state: one of them missing later was destroyed outside. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private boolean initialised;

    WorkingDir(Path dir, TerraformCli cli, TerraformOptions options, ObjectMapper json) {
        this.dir = dir;
        this.cli = cli;
        this.options = options;
        this.json = json;
    }

    Path path() {
        return dir;
    }

    /** Our instance files, read from disk. */
    List<InstanceFile> files() {
        List<InstanceFile> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "tf-*" + InstanceFile.SUFFIX)) {
            for (Path p : s) {
                raw(p).map(root -> InstanceFile.read(json, root))
                        .filter(f -> p.getFileName().toString().equals(f.fileName()))
                        .ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new PluginException("terraform: cannot list " + dir + ": " + e.getMessage());
        }
        return out;
    }

    Optional<JsonNode> raw(String id) {
        return raw(dir.resolve(id + InstanceFile.SUFFIX));
    }

    private Optional<JsonNode> raw(Path p) {
        try {
            return Optional.of(json.readTree(p.toFile()));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.warn("terraform: unreadable {} ({}); left out", p, e.getMessage());
            return Optional.empty();
        }
    }

    void write(String fileName, JsonNode content) {
        Path target = dir.resolve(fileName);
        // Not *.tf.json while written: Terraform loads only whole files. A name of its own per write:
        // another plugin process sharing the directory may be writing the same file at the same time.
        Path tmp = dir.resolve("." + fileName + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        try {
            Files.createDirectories(dir);
            Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new PluginException("terraform: cannot write " + target + ": " + e.getMessage());
        }
    }

    void delete(String fileName) {
        try {
            Files.deleteIfExists(dir.resolve(fileName));
        } catch (IOException e) {
            throw new PluginException("terraform: cannot remove " + dir.resolve(fileName) + ": " + e.getMessage());
        }
    }

    /**
     * Makes {@code change} real: under this directory's lock, writes the files, then plans into a
     * plan file and applies exactly that plan. When Terraform fails the files are put back as they
     * were, and the error says what Terraform said.
     */
    void apply(String what, Change change) {
        changes.lock();
        try {
            init();
            dropOrphans();
            Runnable undo = change.apply();
            try {
                planAndApply(what);
            } catch (RuntimeException e) {
                undo.run();
                throw e;
            }
        } finally {
            Reading r = last;
            last = r == null ? null : r.stale(); // read again next time; until then it serves callers an apply would block
            changes.unlock();
        }
    }

    /** Runs {@code terraform init} once per process: with only built-in resources it needs no network. */
    private void init() {
        if (initialised) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PluginException("terraform: cannot create the working directory " + dir + ": " + e.getMessage());
        }
        if (!Files.exists(dir.resolve(KEEP))) {
            write(KEEP, json.createObjectNode().put("//", "Written by InfraKit's terraform plugin: keeps this working directory"
                    + " a Terraform configuration when it holds no instance. The instances are the tf-*.tf.json files."));
        }
        TerraformCli.Result r = cli.run(dir, options.applyTimeout(), "init", "-input=false", "-no-color");
        if (!r.ok()) {
            throw new PluginException("terraform init in " + dir + " failed" + how(r) + ": " + r.tail());
        }
        initialised = true;
    }

    /**
     * Removes the files of instances destroyed outside the plugin (seen in the state before, missing
     * now): applied again, they would bring back what someone removed, beside its replacement.
     */
    private void dropOrphans() {
        if (seen.isEmpty()) {
            return;
        }
        StateSnapshot state = state();
        for (InstanceFile f : files()) {
            if (seen.contains(f.id()) && !state.has(f.address())) {
                log.warn("terraform: {} left the state outside InfraKit (terraform destroy?); removing {}", f.address(), f.fileName());
                delete(f.fileName());
                seen.remove(f.id());
            }
        }
    }

    private void planAndApply(String what) {
        String lock = "-lock-timeout=" + Math.max(1, options.lockTimeout().toSeconds()) + "s";
        byte[] nonce = new byte[4];
        RANDOM.nextBytes(nonce);
        String planFile = PLAN_PREFIX + java.util.HexFormat.of().formatHex(nonce) + ".tfplan";
        long deadline = System.nanoTime() + options.lockTimeout().toNanos();
        for (int attempt = 1; ; attempt++) {
            TerraformCli.Result plan = cli.run(dir, options.applyTimeout(), "plan", "-input=false", "-no-color", lock, "-out=" + planFile);
            if (!plan.ok() && lockRace(plan) && attempt < MAX_PLANS && System.nanoTime() < deadline) {
                // Terraform reads its lock's info file while another process is between creating and
                // writing it, and gives up instead of waiting: try again, as for a stale plan.
                pause(50 + RANDOM.nextInt(100 * attempt));
                continue;
            }
            if (!plan.ok()) {
                throw new PluginException("terraform plan for " + what + " in " + dir + " failed" + how(plan) + ": " + plan.tail());
            }
            TerraformCli.Result apply = cli.run(dir, options.applyTimeout(), "apply", "-input=false", "-no-color", lock, planFile);
            delete(planFile);
            if (apply.ok()) {
                return;
            }
            // Another process applied between our plan and our apply: plan again, after a short random
            // pause that breaks the tie, for as long as we would have waited for its state lock.
            if ((stale(apply) || lockRace(apply)) && attempt < MAX_PLANS && System.nanoTime() < deadline) {
                pause(50 + RANDOM.nextInt(100 * attempt));
                continue;
            }
            throw new PluginException("terraform apply for " + what + " in " + dir + " failed" + how(apply) + ": " + apply.tail());
        }
    }

    private static boolean lockRace(TerraformCli.Result r) {
        return (r.stderr() + r.stdout()).contains(".terraform.tfstate.lock.info: no such file or directory");
    }

    private static boolean stale(TerraformCli.Result r) {
        return (r.stderr() + r.stdout()).contains("Saved plan is stale");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("terraform: interrupted (the plugin is stopping)");
        }
    }

    private static String how(TerraformCli.Result r) {
        return r.timedOut() ? " (timed out; raise --opt terraform.apply-timeout)" : " (exit " + r.exitCode() + ")";
    }

    /**
     * The resources in the state. One {@code terraform show -json} when the state changed since the
     * last reading (or when the state is not a local file, whose changes cannot be seen), else the
     * last reading again. The reading holds the directory's lock: it never reads a state that one
     * of our applies is rewriting, and concurrent callers share one reading. A caller that finds an
     * apply running is served the reading from before it rather than wait for the apply.
     */
    StateSnapshot state() {
        Reading r = last;
        if (current(r, stamp())) {
            return r.snapshot();
        }
        boolean mine = changes.isHeldByCurrentThread();
        if (!mine && !changes.tryLock()) {
            if (r != null) {
                return r.snapshot();
            }
            changes.lock(); // nothing read yet: wait for the change to end
        }
        try {
            Stamp before = stamp();
            Reading again = last;
            if (current(again, before)) {
                return again.snapshot();
            }
            if (!Files.isDirectory(dir)) {
                return StateSnapshot.EMPTY;
            }
            TerraformCli.Result show = cli.run(dir, options.applyTimeout(), "show", "-json", "-no-color");
            if (!show.ok()) {
                throw new PluginException("terraform show -json in " + dir + " failed" + how(show) + ": " + show.tail());
            }
            StateSnapshot snapshot;
            try {
                snapshot = StateSnapshot.parse(json.readTree(show.stdout()));
            } catch (IOException e) {
                throw new PluginException("terraform show -json in " + dir + " printed no JSON: " + e.getMessage());
            }
            for (InstanceFile f : files()) {
                if (snapshot.has(f.address())) {
                    seen.add(f.id());
                }
            }
            last = new Reading(before, snapshot, true);
            return snapshot;
        } finally {
            if (!mine) {
                changes.unlock();
            }
        }
    }

    private static boolean current(Reading r, Stamp now) {
        return r != null && r.fresh() && r.stamp() != null && r.stamp().equals(now);
    }

    /** The local state file's size and time, or null when the state is elsewhere (a backend) or not written yet. */
    private Stamp stamp() {
        if (Files.exists(dir.resolve(".terraform/terraform.tfstate"))) {
            return null; // a configured backend keeps the state: every reading asks Terraform
        }
        try {
            BasicFileAttributes a = Files.readAttributes(dir.resolve(STATE), BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.size());
        } catch (NoSuchFileException e) {
            return new Stamp(-1, -1);
        } catch (IOException e) {
            return null;
        }
    }

    /** Holds this directory's lock around {@code body} (Label's rewrite of a file). */
    void locked(Runnable body) {
        changes.lock();
        try {
            body.run();
        } finally {
            changes.unlock();
        }
    }
}

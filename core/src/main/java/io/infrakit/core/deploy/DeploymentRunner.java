package io.infrakit.core.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.core.spec.InvalidSpecException;
import io.infrakit.core.spec.SpecTemplate;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceExec;
import io.infrakit.spi.instance.InstanceFiles;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import io.infrakit.spi.instance.InstanceTemplates;
import io.infrakit.spi.metadata.UpdatableMetadata;
import io.infrakit.spi.metadata.VarValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a checked {@link DeploymentFile}: per deployment, creates its instances (or takes those an
 * earlier run created), runs the steps on each in order, keeps stdout under keys, and ends with
 * running instances or a template. Progress goes to {@code out} line by line, each step's stdout
 * as it comes ({@link StepOutput}; to a log per instance too, {@link StepLog}), and the
 * {@link RunState} is saved after every step.
 */
public final class DeploymentRunner {

    /**
     * What a deployment's {@code plugin} resolves to; {@code templates} is null when the plugin cannot make
     * templates, {@code files} when it cannot copy files (uploads and downloads then go through commands).
     */
    public record Target(InstancePlugin instances, InstanceExec exec, InstanceTemplates templates, InstanceFiles files) {
        /** The exec side's files, when the same object copies files (a plugin in this JVM). */
        public Target(InstancePlugin instances, InstanceExec exec, InstanceTemplates templates) {
            this(instances, exec, templates, exec instanceof InstanceFiles f ? f : null);
        }
    }

    /** Finds plugins by name; fails with a message naming the plugin when it is not running or cannot exec. */
    public interface Targets {
        Target open(String plugin);
    }

    /** Tag on every instance a deployment creates: FILE/DEPLOYMENT. */
    public static final String TAG = "infrakit.deployment";
    /** How long a new instance may take before commands run in it (a guest booting to its agent). */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(10);

    private final Targets targets;
    private final UpdatableMetadata vars;
    private final Path dir;
    private final Consumer<String> out;
    private final Duration readyTimeout;

    /** {@code dir}: this file's folder under {@code $INFRAKIT_HOME/deployments} (its state and logs). */
    public DeploymentRunner(Targets targets, UpdatableMetadata vars, Path dir, Consumer<String> out, Duration readyTimeout) {
        this.targets = targets;
        this.vars = vars;
        this.dir = dir;
        this.out = out;
        this.readyTimeout = readyTimeout;
    }

    /** The folder of a deployment file's state and logs. */
    public static Path folder(Path home, DeploymentFile f) {
        return home.resolve("deployments").resolve(f.name());
    }

    // ------------------------------------------------------------------ dry run

    /** What a run would do, with keys already set filled in and the others shown as where they come from. */
    public List<String> describe(DeploymentFile f) {
        List<String> lines = new ArrayList<>();
        SpecTemplate t = new SpecTemplate(key -> Optional.of(vars.get(key).map(VarValue::value)
                .orElse("<" + key + ", stored by an earlier step>")));
        for (Deployment d : f.deployments()) {
            lines.add("deployment '" + d.name() + "': " + d.count() + " instance" + (d.count() == 1 ? "" : "s") + " of plugin "
                    + d.plugin() + ", output " + d.output().name().toLowerCase()
                    + (d.output() == Deployment.Output.TEMPLATE ? " (stored under " + d.templateKey() + ")" : ""));
            lines.add("  properties: " + renderJson(t, d.name() + " properties", d.properties(), variables(d, "<instance>", 0)));
            for (Step s : d.steps()) {
                Step r = render(t, d, s, "<instance>", 0);
                lines.add("  " + r.label() + " [" + s.kind().field + "]: " + describe(r));
                lines.add("      timeout " + io.infrakit.spi.GoDuration.format(s.timeout()) + ", expect exit " + s.expectExit()
                        + (s.store() == null ? "" : ", stdout -> " + s.store()) + (s.continueOnError() ? ", continue on error" : ""));
            }
        }
        return lines;
    }

    private static String describe(Step s) {
        return switch (s.kind()) {
            case RUN -> s.shell() + env(s);
            case EXEC -> String.join(" ", s.argv()) + env(s);
            case UPLOAD -> (s.from() != null ? "local file " + s.from() : s.content().length() + " characters") + " to " + s.to();
            case DOWNLOAD -> s.from() + " to local " + s.to();
        };
    }

    private static String env(Step s) {
        return (s.env().isEmpty() ? "" : "  env " + new java.util.TreeMap<>(s.env())) + (s.workdir() == null ? "" : "  in " + s.workdir());
    }

    // ------------------------------------------------------------------ run

    /**
     * Runs the file. Without {@code resume}, refuses (IllegalArgumentException, bad usage) when an
     * earlier run left state; with it, continues each deployment where it stopped.
     */
    public void run(DeploymentFile f, boolean resume) {
        RunState state = RunState.load(dir);
        if (!resume && !state.isEmpty()) {
            throw new IllegalArgumentException(pending(f, state));
        }
        // Every plugin is found, and can do what its deployment needs, before anything is created.
        Map<String, Target> opened = new LinkedHashMap<>();
        for (Deployment d : f.deployments()) {
            Target t = opened.computeIfAbsent(d.plugin(), targets::open);
            if (d.output() == Deployment.Output.TEMPLATE && t.templates() == null) {
                throw new IllegalArgumentException("deployment '" + d.name() + "': plugin '" + d.plugin()
                        + "' cannot make templates (it does not serve InstanceTemplates): use output: instance, or the docker, libvirt or vsphere plugin");
            }
        }
        StepLog log = new StepLog(dir.resolve("logs"));
        for (Deployment d : f.deployments()) {
            new OneDeployment(f, d, opened.get(d.plugin()), state, log).run();
        }
        out.accept("deployments of " + f.name() + " done");
    }

    /** Why a plain run is refused: what the earlier run left, and the two ways on. */
    private static String pending(DeploymentFile f, RunState state) {
        StringBuilder b = new StringBuilder("an earlier run of '" + f.name() + "' left state in place");
        state.all().forEach((name, p) -> {
            b.append("; deployment '").append(name).append("' ");
            b.append(p.done() ? "finished" : p.failedStep() > 0 ? "stopped at step " + p.failedStep() : "did not finish");
            if (!p.instances().isEmpty()) {
                b.append(" (instances ").append(String.join(", ", p.instances().stream().map(RunState.Member::id).toList())).append(')');
            }
        });
        return b.append(": run again with --resume to continue there, or --cleanup to destroy its instances and start afresh").toString();
    }

    /** Destroys every instance the file's runs created and forgets its state; templates made are kept. */
    public void cleanup(DeploymentFile f) {
        RunState state = RunState.load(dir);
        if (state.isEmpty()) {
            out.accept("nothing to clean up for " + f.name());
            return;
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, RunState.Progress> e : state.all().entrySet()) {
            String plugin = f.deployments().stream().filter(d -> d.name().equals(e.getKey())).map(Deployment::plugin).findFirst().orElse(null);
            if (plugin == null && !e.getValue().instances().isEmpty()) {
                failures.add("deployment '" + e.getKey() + "' is no longer in the file: destroy "
                        + e.getValue().instances().stream().map(RunState.Member::id).toList() + " with infrakit instance destroy");
                continue;
            }
            for (RunState.Member m : e.getValue().instances()) {
                try {
                    targets.open(plugin).instances().destroy(m.id(), DestroyContext.terminate());
                    out.accept("deployment '" + e.getKey() + "': destroyed instance " + m.id());
                } catch (PluginException ex) {
                    failures.add("deployment '" + e.getKey() + "': instance " + m.id() + ": " + ex.getMessage());
                }
            }
            if (e.getValue().template() != null) {
                out.accept("deployment '" + e.getKey() + "': template " + e.getValue().template() + " is kept");
            }
        }
        if (!failures.isEmpty()) {
            throw new PluginException("cleanup incomplete (state kept, run --cleanup again): " + String.join("; ", failures));
        }
        state.clear();
    }

    /** One deployment of a run. */
    private final class OneDeployment {
        final DeploymentFile file;
        final Deployment d;
        final Target target;
        final RunState state;
        final StepLog log;
        final SpecTemplate templates = new SpecTemplate(key -> vars.get(key).map(VarValue::value));

        OneDeployment(DeploymentFile file, Deployment d, Target target, RunState state, StepLog log) {
            this.file = file;
            this.d = d;
            this.target = target;
            this.state = state;
            this.log = log;
        }

        void run() {
            RunState.Progress p = state.get(d.name()).orElse(new RunState.Progress(List.of(), false, 0, null));
            if (p.done()) {
                out.accept("deployment '" + d.name() + "': done in an earlier run" + (p.template() == null ? "" : " (template " + p.template() + ")"));
                return;
            }
            List<RunState.Member> members = new ArrayList<>(p.instances());
            while (members.size() < d.count()) {
                int index = members.size();
                JsonNode props = renderJson(templates, "deployment '" + d.name() + "' properties", d.properties(), variables(d, "", index));
                Map<String, String> tags = Map.of(TAG, file.name() + "/" + d.name(), TAG + ".index", Integer.toString(index));
                String id = target.instances().provision(new InstanceSpec(props, tags, "", null, List.of()));
                members.add(new RunState.Member(id, 1));
                state.put(d.name(), new RunState.Progress(members, false, 0, null));
                out.accept("deployment '" + d.name() + "': created instance " + id);
            }
            state.put(d.name(), new RunState.Progress(members, false, 0, null));
            for (int i = 0; i < members.size(); i++) {
                RunState.Member m = members.get(i);
                if (m.nextStep() <= d.steps().size()) {
                    awaitReady(m.id());
                }
                for (Step s : d.steps()) {
                    if (s.number() >= m.nextStep()) {
                        step(s, m.id(), i);
                        state.advance(d.name(), m.id(), s.number() + 1);
                    }
                }
            }
            String template = null;
            if (d.output() == Deployment.Output.TEMPLATE) {
                String id = members.getFirst().id();
                JsonNode props = d.template() == null ? JsonNodeFactory.instance.objectNode()
                        : renderJson(templates, "deployment '" + d.name() + "' template", d.template(), variables(d, id, 0));
                out.accept("deployment '" + d.name() + "': making a template of instance " + id);
                template = target.templates().createTemplate(id, props);
                vars.put(d.templateKey(), template, UpdatableMetadata.ANY_VERSION);
                target.instances().destroy(id, DestroyContext.terminate());
                members.clear();
                out.accept("deployment '" + d.name() + "': template " + template + " (key " + d.templateKey() + "); instance " + id + " destroyed");
            }
            state.put(d.name(), new RunState.Progress(members, true, 0, template));
            out.accept("deployment '" + d.name() + "': done");
        }

        /** Waits until a command runs in the new instance (a booting guest's agent answers late). */
        void awaitReady(String id) {
            long deadline = System.nanoTime() + readyTimeout.toNanos();
            while (true) {
                try {
                    if (target.exec().exec(id, List.of("/bin/sh", "-c", "true"), Duration.ofSeconds(30)).exitCode() == 0) {
                        return;
                    }
                } catch (PluginException e) {
                    if (System.nanoTime() > deadline) {
                        throw new DeploymentFailedException("deployment '" + d.name() + "' on instance " + id
                                + ": no command could run in it within " + io.infrakit.spi.GoDuration.format(readyTimeout)
                                + " (" + e.getMessage() + "): check that the image has /bin/sh (and a guest agent for VMs)");
                    }
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DeploymentFailedException("deployment '" + d.name() + "': interrupted while waiting for instance " + id);
                }
            }
        }

        void step(Step raw, String id, int index) {
            String where = "deployment '" + d.name() + "' " + raw.label() + " on instance " + id;
            Step s;
            try {
                s = render(templates, d, raw, id, index);
            } catch (InvalidSpecException e) {
                fail(raw, id, where + ": " + String.join("; ", e.problems()));
                return;
            }
            String transfer = FileSteps.guestPath(s, target.files());
            if (transfer == null && s.kind() == Step.Kind.UPLOAD && s.from() != null) {
                fail(s, id, where + ": 'upload.from' copies a file, which " + (target.files() == null ? "plugin '" + d.plugin()
                        + "' cannot do (it serves no InstanceFiles)" : "needs an absolute 'upload.to' (or an absolute workdir)"));
                return;
            }
            if (transfer == null && s.kind() == Step.Kind.UPLOAD && s.content().length() > FileSteps.MAX_IN_COMMAND) {
                fail(s, id, where + ": 'upload.content' is " + s.content().length() + " characters, over the " + FileSteps.MAX_IN_COMMAND
                        + " a command line carries" + (target.files() == null ? " (plugin '" + d.plugin() + "' cannot copy files)"
                        : "; give an absolute 'upload.to' (or an absolute workdir) so that it is copied as a file"));
                return;
            }
            out.accept("deployment '" + d.name() + "' [" + shortId(id) + "] " + s.label() + " ...");
            long start = System.nanoTime();
            StepLog.Entry entry = log.begin(d.name(), id, s);
            // Lines are printed and logged as the command writes them (where the plugin streams).
            StepOutput output = new StepOutput(out, entry);
            ExecResult r;
            try {
                if (transfer != null) {
                    r = FileSteps.run(s, transfer, id, target.exec(), target.files());
                    output.accept(r.stdout()); // printed and logged like a command's output
                } else {
                    r = target.exec().exec(id, StepCommands.argv(s), s.timeout(), output);
                }
            } catch (java.io.IOException e) {
                output.finish(log.file(d.name(), id));
                entry.end(null, e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
                fail(s, id, where + (s.kind() == Step.Kind.UPLOAD ? ": " + e.getMessage()
                        : ": cannot write the downloaded file " + s.to() + ": " + e.getMessage()));
                return;
            } catch (PluginException e) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                output.finish(log.file(d.name(), id));
                entry.end(null, e.getMessage(), took);
                boolean timedOut = took.compareTo(s.timeout().minusMillis(s.timeout().toMillis() / 20)) >= 0;
                fail(s, id, where + (timedOut ? ": timed out after " + io.infrakit.spi.GoDuration.format(s.timeout())
                        + " (raise 'timeout' or make the command end; a command waiting for input never ends without a TTY)"
                        : ": could not run: " + e.getMessage()));
                return;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            output.finish(log.file(d.name(), id));
            entry.end(r, null, took);
            if (r.exitCode() != s.expectExit()) {
                String stderr = r.stderr().strip().lines().reduce((a, b) -> b).orElse("");
                String program = s.kind() == Step.Kind.EXEC ? s.argv().getFirst() : s.kind() == Step.Kind.RUN ? s.shell().strip().split("\\s+")[0] : "/bin/sh";
                String why = r.exitCode() == 127 ? ": program not found: '" + program + "' is not on the PATH in the instance (exit 127"
                        + (stderr.isEmpty() ? "" : ": " + stderr) + "); install it in an earlier step or give its full path"
                        : r.exitCode() == 126 ? ": program '" + program + "' cannot be executed (exit 126" + (stderr.isEmpty() ? "" : ": " + stderr) + ")"
                        : ": exited with " + r.exitCode() + ", expected " + s.expectExit() + (stderr.isEmpty() ? "" : ": " + stderr);
                fail(s, id, where + why);
                return;
            }
            out.accept("deployment '" + d.name() + "' [" + shortId(id) + "] " + s.label() + " ok (" + took.toMillis() + " ms)");
            if (s.store() != null) {
                vars.put(s.store(), r.stdout().strip(), UpdatableMetadata.ANY_VERSION);
                out.accept("    stored " + s.store());
            }
            if (s.kind() == Step.Kind.DOWNLOAD && transfer == null) {
                try {
                    java.nio.file.Files.writeString(Path.of(s.to()), r.stdout());
                } catch (java.io.IOException e) {
                    fail(s, id, where + ": cannot write the downloaded file " + s.to() + ": " + e.getMessage());
                }
            }
        }

        /** Stops the run at this step (saving where) unless the step may fail. */
        void fail(Step s, String id, String message) {
            if (s.continueOnError()) {
                out.accept(message + " (continueOnError: going on)");
                return;
            }
            RunState.Progress p = state.get(d.name()).orElseThrow();
            state.put(d.name(), new RunState.Progress(p.instances(), false, s.number(), null));
            throw new DeploymentFailedException(message + "; fix it, then run infrakit deploy -f FILE --resume to continue at step "
                    + s.number() + " (or --cleanup to destroy the instances); the instance's log is in " + log.file(d.name(), id));
        }
    }

    private static Map<String, Object> variables(Deployment d, String instance, int index) {
        return Map.of("deployment", d.name(), "instance", instance, "index", index);
    }

    /** A step with its texts rendered (keys and variables filled in). */
    static Step render(SpecTemplate t, Deployment d, Step s, String instance, int index) {
        Map<String, Object> v = variables(d, instance, index);
        String where = "deployment '" + d.name() + "' " + s.label();
        java.util.function.UnaryOperator<String> r = text -> text == null ? null : t.render(where, text, v);
        Map<String, String> env = new LinkedHashMap<>();
        s.env().forEach((k, val) -> env.put(k, r.apply(val)));
        return new Step(s.number(), s.name(), s.kind(), r.apply(s.shell()), s.argv() == null ? null : s.argv().stream().map(r).toList(),
                env, r.apply(s.workdir()), s.timeout(), s.expectExit(), r.apply(s.content()), r.apply(s.from()), r.apply(s.to()),
                s.store(), s.continueOnError());
    }

    /** Properties with each string value rendered on its own (so a value never breaks the JSON around it). */
    static JsonNode renderJson(SpecTemplate t, String where, JsonNode node, Map<String, Object> v) {
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(t.render(where, node.asText(), v));
        }
        if (node.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(f -> o.set(f.getKey(), renderJson(t, where, f.getValue(), v)));
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            node.forEach(x -> a.add(renderJson(t, where, x, v)));
            return a;
        }
        return node;
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}

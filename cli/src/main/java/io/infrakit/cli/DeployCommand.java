package io.infrakit.cli;

import io.infrakit.core.deploy.DeploymentFile;
import io.infrakit.core.deploy.DeploymentReader;
import io.infrakit.core.deploy.DeploymentRunner;
import io.infrakit.core.deploy.Step;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.binding.InstanceExecRpc;
import io.infrakit.rpc.binding.InstanceTemplatesRpc;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.client.SimpleUnixHttp;
import io.infrakit.rpc.discovery.DiscoveredPlugin;
import io.infrakit.rpc.discovery.PluginDiscovery;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.InstanceExec;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceTemplates;
import io.infrakit.spi.metadata.UpdatableMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.function.Predicate;

/** {@code infrakit deploy -f FILE}: runs a deployment file (commands in guests, keys, templates). */
@Command(name = "deploy", description = {
        "Runs a deployment file: creates instances and runs commands in them without SSH.",
        "Step output is kept under keys of the shared store; a deployment ends with running instances or a template.",
        "The whole file is checked before anything is created. See docs/deployments.md."})
final class DeployCommand extends ManagerCommand {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "the deployment file (- for stdin)")
    String file;

    @Option(names = "--dry-run", description = "print the resolved steps and create nothing")
    boolean dryRun;

    @Option(names = "--resume", description = "continue an earlier run that stopped, at the step that failed")
    boolean resume;

    @Option(names = "--cleanup", description = "destroy every instance the file's runs created and forget their state")
    boolean cleanup;

    @Option(names = "--ready-timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "how long a new instance may take before commands run in it (default 10m: guests boot slowly)")
    String readyTimeout;

    private static final UpdatableMetadata NO_STORE = new UpdatableMetadata() {
        @Override
        public java.util.List<String> keys(String path) {
            return java.util.List.of();
        }

        @Override
        public java.util.Optional<io.infrakit.spi.metadata.VarValue> get(String path) {
            return java.util.Optional.empty();
        }

        @Override
        public long put(String path, String value, long expectedVersion) {
            throw new PluginException("no manager is running: start it with infrakit up to keep keys");
        }

        @Override
        public boolean remove(String path) {
            throw new PluginException("no manager is running: start it with infrakit up to keep keys");
        }
    };

    DeployCommand(CliEnv env) {
        super(env);
    }

    @Override
    int run(ManagerClient manager) {
        if ((dryRun ? 1 : 0) + (resume ? 1 : 0) + (cleanup ? 1 : 0) > 1) {
            throw new BadInputException("--dry-run, --resume and --cleanup exclude each other: give at most one");
        }
        Duration ready;
        try {
            ready = io.infrakit.spi.GoDuration.parse(readyTimeout);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--ready-timeout '" + readyTimeout + "' is not a duration: write e.g. 90s or 10m");
        }
        // Read where the caller is: this process's files, or a thin client's (the daemon never reads the caller's
        // paths); first, so that a mistyped file name is reported as such, manager or not.
        var source = env.caller().sources().read(java.util.List.of(file), env.caller().stdin()).getFirst();
        boolean up = manager.running();
        if (!up && !dryRun) {
            manager.requireRunning(); // names the socket and how to start the manager
        }
        // A dry run works without a manager: every key then counts as not set yet.
        UpdatableMetadata vars = up ? manager.vars() : NO_STORE;
        Predicate<String> storeHas = key -> vars.get(key).isPresent();
        DeploymentFile f = DeploymentReader.fromSource(file, source, storeHas);
        Duration longest = f.deployments().stream().flatMap(d -> d.steps().stream()).map(Step::timeout)
                .max(Duration::compareTo).orElse(Duration.ZERO);
        try (PluginRegistry registry = new PluginRegistry(env.paths(),
                RpcInterfaces.standard().with(new InstanceExecRpc(), new InstanceTemplatesRpc(), new io.infrakit.rpc.binding.InstanceFilesRpc()),
                longest.plus(Duration.ofSeconds(60)), new SimpleUnixHttp())) {
            registry.remote(env.remote());
            DeploymentRunner runner = new DeploymentRunner(plugin -> target(registry, plugin), vars,
                    DeploymentRunner.folder(env.paths().home(), f), line -> {
                        out().println(line);
                        out().flush();
                    }, ready);
            if (dryRun) {
                runner.describe(f).forEach(out()::println);
                out().println("dry run: nothing was created");
                return OK;
            }
            if (cleanup) {
                runner.cleanup(f);
                return OK;
            }
            runner.run(f, resume);
            return OK;
        }
    }

    /** The plugin's instance, exec and (when its socket lists InstanceTemplates, InstanceFiles) template and file sides. */
    private DeploymentRunner.Target target(PluginRegistry registry, String plugin) {
        // Secrets in a deployment's properties ({{ secret "NAME" }}, e.g. a guest password) are put in at Provision only.
        InstancePlugin instances = new io.infrakit.core.spec.SecretPlugins(registry,
                new io.infrakit.core.spec.Secrets(env.paths().home(), System.getenv())).instance(plugin);
        InstanceExec exec = registry.lookup(plugin, InstanceExec.class);
        InstanceTemplates templates = null;
        PluginName name = PluginName.parse(plugin);
        DiscoveredPlugin found = new PluginDiscovery(env.paths(), registry.http(), Duration.ofSeconds(5))
                .probe(env.paths().socket(name.lookup()));
        if (found.state() != DiscoveredPlugin.State.LIVE) {
            throw new PluginException("deployment plugin '" + plugin + "' does not answer at " + found.socket()
                    + ": start it with infrakit plugin start " + name.lookup());
        }
        if (!found.objects().containsKey(InstanceExecRpc.SPEC.toString())) {
            throw new BadInputException("plugin '" + plugin + "' cannot run commands in its instances (it serves "
                    + found.interfaces() + ", not " + InstanceExecRpc.SPEC + "): use docker, libvirt or vsphere");
        }
        if (found.objects().containsKey(InstanceTemplatesRpc.SPEC.toString())) {
            templates = registry.lookup(plugin, InstanceTemplates.class);
        }
        io.infrakit.spi.instance.InstanceFiles files = found.objects().containsKey(io.infrakit.rpc.binding.InstanceFilesRpc.SPEC.toString())
                ? registry.lookup(plugin, io.infrakit.spi.instance.InstanceFiles.class) : null;
        return new DeploymentRunner.Target(instances, exec, templates, files);
    }
}

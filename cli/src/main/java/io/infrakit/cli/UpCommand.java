package io.infrakit.cli;

import io.infrakit.core.manager.ManagerKind;
import io.infrakit.core.manager.SpecParser;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.host.PluginHost;
import io.infrakit.rpc.host.PluginOptions;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code infrakit up [FILE...]}: the one command a new user runs. Starts the manager, the group
 * controller and the plugins the specs name, in this JVM; commits the specs; shows each group's
 * progress until it converges; then stays up as the daemon until Ctrl-C.
 */
@Command(name = "up", description = {
        "Starts the manager, the group controller and the plugins the spec files name (in this process),",
        "commits the files, shows progress until every group has converged, then keeps running (Ctrl-C stops it).",
        "Without FILE it runs examples/quickstart.yml: 5 simulated instances with the vanilla flavor.",
        "If a manager already runs, the files are committed to it instead."})
final class UpCommand extends ManagerCommand {

    UpCommand(CliEnv env) {
        super(env);
    }

    static final String QUICKSTART = "examples/quickstart.yml";
    static final String GROUP_KIND = "group";

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Spec files (JSON or YAML).")
    List<Path> files = new ArrayList<>();

    @Mixin
    SpecFileOptions specOptions;

    @Option(names = "--opt", paramLabel = "KIND.KEY=VALUE", description = "Option of a plugin kind, e.g. --opt simulator.persist=true.")
    List<String> opts = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Stop showing progress after this long (the daemon keeps running and converging).")
    Long timeoutSeconds;

    @Override
    int run(ManagerClient manager) throws Exception {
        long t0 = System.nanoTime();
        Set<String> installed = PluginHost.installedKinds().keySet();
        boolean attach = manager.running();
        List<GroupSpec> specs = parse(manager, attach ? List.of() : installed);
        List<String> ids = specs.stream().map(GroupSpec::id).toList();
        if (attach) {
            out().println("a manager already runs at " + manager.socket() + "; committing to it");
            Applier.apply(manager.groups(), specs, out());
            Progress.watch(manager, ids, out(), timeout(), () -> false);
            return OK;
        }

        Set<String> live = manager.liveSockets();
        Set<String> kinds = new LinkedHashSet<>(List.of(ManagerKind.NAME, GROUP_KIND));
        for (GroupSpec s : specs) {
            for (String section : List.of("Instance", "Flavor")) {
                String lookup = PluginName.parse(s.properties().path(section).path("Plugin").asText()).lookup();
                if (!live.contains(lookup) && installed.contains(lookup)) {
                    kinds.add(lookup);
                }
            }
        }
        Path log = DaemonLog.toFile(manager.paths().home(), env.variables());
        PluginHost host = PluginHost.create(manager.paths());
        out().println("starting " + String.join(", ", kinds) + " (home " + manager.paths().home()
                + (log == null ? "" : ", log " + log) + ")");
        out().flush();
        try {
            host.startAll(List.copyOf(kinds), PluginOptions.parse(opts));
            env.shutdown().onShutdown(host::close);
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        try {
            awaitLeader(manager);
            Applier.apply(manager.groups(), specs, out());
            boolean done = Progress.watch(manager, ids, out(), timeout(), () -> host.served().isEmpty());
            double secs = (System.nanoTime() - t0) / 1e9;
            if (done) {
                out().printf("converged in %.1f s: %s%n", secs, String.join(", ", ids));
            } else if (!host.served().isEmpty()) {
                out().printf("not converged after %.1f s; still working on it (see infrakit describe group ID)%n", secs);
            }
            out().println("infrakit is running; Ctrl-C stops it. In another terminal: infrakit get groups");
            out().flush();
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        host.awaitClose();
        out().println("stopped");
        out().flush();
        return OK;
    }

    private Duration timeout() {
        return timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds);
    }

    private List<GroupSpec> parse(ManagerClient manager, java.util.Collection<String> alsoKnown) throws IOException {
        if (!files.isEmpty()) {
            return specOptions.parse(files, manager, alsoKnown);
        }
        SpecParser parser = new SpecParser(specOptions.variables(), manager.catalog(alsoKnown));
        try (InputStream in = UpCommand.class.getClassLoader().getResourceAsStream(QUICKSTART)) {
            if (in == null) {
                throw new PluginException(QUICKSTART + " is missing from this build; give a spec file: infrakit up FILE");
            }
            return parser.parse(QUICKSTART, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void awaitLeader(ManagerClient manager) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (manager.api().leadership().leader()) {
                    return;
                }
            } catch (PluginException e) {
                // socket not answering yet
            }
            Thread.sleep(100);
        }
        throw new PluginException("the manager did not become leader within 30 s: is another manager holding "
                + manager.paths().home().resolve("leader.lock") + "?");
    }
}

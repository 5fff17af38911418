package io.infrakit.cli;

import io.infrakit.core.manager.ManagerKind;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.host.PluginHost;
import io.infrakit.rpc.host.PluginOptions;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What {@code infrakit up} does: start the plugins, commit, show progress, stay up. */
final class UpDaemon {

    private final UpCommand up;
    private final ManagerClient manager;

    UpDaemon(UpCommand up, ManagerClient manager) {
        this.up = up;
        this.manager = manager;
    }

    int run() throws Exception {
        long t0 = System.nanoTime();
        Set<String> installed = PluginHost.installedKinds().keySet();
        boolean attach = manager.running();
        List<GroupSpec> specs = parse(manager, attach ? List.of() : installed);
        List<String> ids = specs.stream().map(GroupSpec::id).toList();
        if (attach) {
            up.out().println("a manager already runs at " + manager.socket() + "; committing to it");
            Applier.apply(manager.groups(), specs, up.out());
            Progress.watch(manager, ids, up.out(), timeout(), () -> false);
            return ManagerCommand.OK;
        }

        Set<String> live = manager.liveSockets();
        Set<String> kinds = new LinkedHashSet<>(List.of(ManagerKind.NAME, UpCommand.GROUP_KIND));
        for (GroupSpec s : specs) {
            for (String section : List.of("Instance", "Flavor")) {
                String lookup = PluginName.parse(s.properties().path(section).path("Plugin").asText()).lookup();
                if (!live.contains(lookup) && installed.contains(lookup)) {
                    kinds.add(lookup);
                }
            }
        }
        Path log = DaemonLog.toFile(manager.paths().home(), up.env.variables());
        PluginHost host = PluginHost.create(manager.paths());
        up.out().println("starting " + String.join(", ", kinds) + " (home " + manager.paths().home()
                + (log == null ? "" : ", log " + log) + ")");
        up.out().flush();
        try {
            host.startAll(List.copyOf(kinds), PluginOptions.parse(up.opts));
            up.env.shutdown().onShutdown(host::close);
            io.infrakit.rpc.remote.RemoteListener tcp = TcpListening.start(up.listen, host);
            if (tcp != null) {
                up.env.shutdown().onShutdown(tcp::close);
                up.out().println("also listening on tcp " + up.listen.address() + " (TLS) port " + tcp.port());
            }
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        try {
            awaitLeader(manager);
            Applier.apply(manager.groups(), specs, up.out());
            boolean done = Progress.watch(manager, ids, up.out(), timeout(), () -> host.served().isEmpty());
            double secs = (System.nanoTime() - t0) / 1e9;
            if (done) {
                up.out().printf("converged in %.1f s: %s%n", secs, String.join(", ", ids));
            } else if (!host.served().isEmpty()) {
                up.out().printf("not converged after %.1f s; still working on it (see infrakit describe group ID)%n", secs);
            }
            up.out().println("infrakit is running; Ctrl-C stops it. In another terminal: infrakit get groups");
            up.out().flush();
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        host.awaitClose();
        up.out().println("stopped");
        up.out().flush();
        return ManagerCommand.OK;
    }

    private Duration timeout() {
        return up.timeoutSeconds == null ? null : Duration.ofSeconds(up.timeoutSeconds);
    }

    private List<GroupSpec> parse(ManagerClient manager, java.util.Collection<String> alsoKnown) throws IOException {
        if (!up.files.isEmpty()) {
            return up.specOptions.parse(up.files, manager, alsoKnown);
        }
        var parser = up.specOptions.reader(manager.catalog(alsoKnown));
        try (InputStream in = UpDaemon.class.getClassLoader().getResourceAsStream(UpCommand.QUICKSTART)) {
            if (in == null) {
                throw new PluginException(UpCommand.QUICKSTART + " is missing from this build; give a spec file: infrakit up FILE");
            }
            return parser.parse(UpCommand.QUICKSTART, new String(in.readAllBytes(), StandardCharsets.UTF_8));
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

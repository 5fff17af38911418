package io.infrakit.cli;

import io.infrakit.core.manager.store.FileSpecStore;
import io.infrakit.core.manager.ManagerKind;
import io.infrakit.core.manager.store.StoredSpec;
import io.infrakit.rpc.host.PluginHost;
import io.infrakit.rpc.host.PluginOptions;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.plugin.PluginKind;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code infrakit up} does: start the plugins, commit what the command line names (or the
 * quickstart on a first run), show progress, stay up. Stored specs are the truth: a restart
 * resumes them as they are and commits nothing over them.
 */
final class UpDaemon {

    private final UpCommand up;
    private final ManagerClient manager;

    UpDaemon(UpCommand up, ManagerClient manager) {
        this.up = up;
        this.manager = manager;
    }

    int run() throws Exception {
        Map<String, PluginKind> installed = PluginHost.installedKinds();
        Map<String, Map<String, String>> options = checkOptions(installed);
        checkWith(installed);
        Observing.check(up.observe);
        boolean attach = manager.running();
        List<GroupSpec> named = up.files.isEmpty() ? List.of() : up.specOptions.parse(up.files, manager,
                attach ? List.of() : installed.keySet());
        if (attach) {
            return attach(named);
        }

        // Which groups will run: the stored ones (file backend: read before starting anything, so
        // their plugins start with the rest), plus those the command line names.
        List<GroupSpec> stored = storedBeforeStart(options);
        List<GroupSpec> toCommit = new ArrayList<>(named);
        if (named.isEmpty() && stored != null && stored.isEmpty()) {
            toCommit.addAll(quickstart(installed.keySet()));
        } else if (named.isEmpty() && !up.specOptions.vars.isEmpty()) {
            up.out().println("note: --var applies to spec files; the stored groups resume as stored"
                    + " (to change them: infrakit apply -f FILE --var ...)");
        }
        List<GroupSpec> planned = new ArrayList<>(toCommit);
        if (stored != null) {
            planned.addAll(stored);
        }
        // Start order: the plugins the groups name, then the group controller, then the manager,
        // which resumes the stored groups at once and so needs the other two up. PluginHost closes
        // in reverse: the manager frees its groups while the controller still runs.
        Set<String> live = manager.liveSockets();
        Set<String> kinds = new LinkedHashSet<>();
        for (String kind : pluginKinds(planned)) {
            if (!live.contains(kind) && installed.containsKey(kind)) {
                kinds.add(kind);
            }
        }
        kinds.add(UpCommand.GROUP_KIND);
        kinds.add(ManagerKind.NAME);
        // --with kinds last: controllers such as autoscale talk to the groups through the manager.
        for (String kind : up.with) {
            if (!live.contains(kind)) {
                kinds.add(kind);
            }
        }
        for (String kind : options.keySet()) {
            if (!kinds.contains(kind)) {
                throw new BadInputException("--opt " + kind + ".…: kind '" + kind + "' is not started by this infrakit up"
                        + " (starting: " + String.join(", ", kinds) + "); start it with infrakit plugin start " + kind);
            }
        }
        TrustedHome.require(manager.paths());
        InitAhead.start();
        java.nio.file.Path log = DaemonLog.toFile(manager.paths().home(), up.env.variables());
        PluginHost host = PluginHost.create(manager.paths());
        up.out().println("starting " + String.join(", ", kinds) + " (home " + manager.paths().home()
                + (log == null ? "" : ", log " + log) + ")");
        up.out().flush();
        try {
            host.startAll(List.copyOf(kinds), options);
            CliService.attach(host);
            up.env.shutdown().onShutdown(host::close);
            io.infrakit.rpc.remote.RemoteListener tcp = TcpListening.start(up.listen, host);
            if (tcp != null) {
                up.env.shutdown().onShutdown(tcp::close);
                up.out().println("also listening on tcp " + up.listen.address() + " (TLS) port " + tcp.port() + ", at most " + tcp.maxConnections() + " connections");
            }
            AutoCloseable observing = Observing.start(up.observe, host, tcp, up.out());
            up.env.shutdown().onShutdown(() -> close(observing));
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        try {
            awaitLeader(manager);
            List<String> storedIds = manager.groups().inspectGroups().stream().map(GroupSpec::id).toList();
            if (named.isEmpty() && stored == null && storedIds.isEmpty()) {
                // another backend (etcd): we learn that the store is empty only now
                toCommit.addAll(quickstart(installed.keySet()));
                startMissing(host, pluginKinds(toCommit), installed.keySet());
            }
            if (toCommit.isEmpty()) {
                up.out().println(storedIds.isEmpty() ? "no groups stored; commit one with: infrakit apply -f FILE"
                        : "resuming " + storedIds.size() + " stored group(s) as stored: " + String.join(", ", storedIds));
            }
            Applier.apply(manager.groups(), toCommit, up.out());
            LinkedHashSet<String> ids = new LinkedHashSet<>(storedIds);
            toCommit.forEach(s -> ids.add(s.id()));
            long watchStart = System.nanoTime();
            boolean done = Progress.watch(manager, List.copyOf(ids), up.out(), timeout(), () -> host.served().isEmpty());
            double secs = (System.nanoTime() - watchStart) / 1e9;
            if (done) {
                up.out().printf("converged in %.1f s: %s%n", secs, String.join(", ", ids));
            } else if (!host.served().isEmpty()) {
                up.out().println(notConverged(List.copyOf(ids)));
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

    /** A daemon already runs: commit what the command line names (nothing else), then show progress. */
    private int attach(List<GroupSpec> named) throws InterruptedException {
        up.out().println("a manager already runs at " + manager.socket() + "; "
                + (named.isEmpty() ? "nothing to commit (name a FILE to commit one)" : "committing to it"));
        Applier.apply(manager.groups(), named, up.out());
        List<String> ids = named.isEmpty() ? manager.groups().inspectGroups().stream().map(GroupSpec::id).toList()
                : named.stream().map(GroupSpec::id).toList();
        if (!Progress.watch(manager, ids, up.out(), timeout(), () -> false)) {
            up.out().println(notConverged(ids));
        }
        return ManagerCommand.OK;
    }

    /** Says which groups have not converged within --timeout and where to look. */
    private String notConverged(List<String> ids) {
        List<String> behind = new ArrayList<>();
        for (String id : ids) {
            try {
                GroupSpec spec = manager.groups().inspectGroups().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
                GroupView v = manager.view(spec, manager.down(List.of(spec)));
                if (!v.reachable() || !v.converged()) {
                    behind.add(id);
                }
            } catch (RuntimeException e) {
                behind.add(id);
            }
        }
        if (behind.isEmpty()) {
            behind = ids;
        }
        return "not converged within " + up.timeoutSeconds + " s: " + String.join(", ", behind)
                + "; the daemon keeps working on it (see infrakit describe group " + behind.get(0) + ")";
    }

    /**
     * {@code --opt KIND.KEY=VALUE}, checked before anything starts: a known kind and a known key
     * (with the closest one suggested). Values are checked by the kind, which starts before the manager.
     */
    private Map<String, Map<String, String>> checkOptions(Map<String, PluginKind> installed) {
        Map<String, Map<String, String>> options = PluginOptions.parse(up.opts);
        for (Map.Entry<String, Map<String, String>> e : options.entrySet()) {
            PluginKind kind = installed.get(e.getKey());
            if (kind == null) {
                throw new BadInputException("--opt " + e.getKey() + ".…: '" + e.getKey() + "' is not a plugin kind"
                        + Suggest.didYouMean(e.getKey(), installed.keySet()) + " (kinds: " + Suggest.list(installed.keySet()) + ")");
            }
            Set<String> keys = kind.options().keySet();
            for (String key : e.getValue().keySet()) {
                if (!keys.contains(key)) {
                    throw new BadInputException("--opt " + e.getKey() + "." + key + ": plugin kind '" + e.getKey() + "' has no option '"
                            + key + "'" + Suggest.didYouMean(key, keys)
                            + (keys.isEmpty() ? " (it takes none)" : " (its options: " + Suggest.list(keys) + ")"));
                }
            }
        }
        return options;
    }

    /** {@code --with KIND}: installed kinds only, checked before anything starts. */
    private void checkWith(Map<String, PluginKind> installed) {
        for (String kind : up.with) {
            if (kind.isBlank() || !installed.containsKey(kind)) {
                throw new BadInputException("--with " + kind + ": '" + kind + "' is not a plugin kind"
                        + Suggest.didYouMean(kind, installed.keySet()) + " (kinds: " + Suggest.list(installed.keySet()) + ")");
            }
            if (kind.equals(ManagerKind.NAME) || kind.equals(UpCommand.GROUP_KIND)) {
                throw new BadInputException("--with " + kind + ": infrakit up always starts '" + kind + "'; leave it out");
            }
        }
    }

    /** The stored groups, read from the file backend's folder; null when another backend keeps them. */
    private List<GroupSpec> storedBeforeStart(Map<String, Map<String, String>> options) {
        String backend = options.getOrDefault(ManagerKind.NAME, Map.of()).getOrDefault("backend", "file");
        if (!backend.equals("file")) {
            return null;
        }
        return new FileSpecStore(manager.paths().home().resolve("configs")).list().stream().map(StoredSpec::spec).toList();
    }

    /** The plugin lookups (socket names) the groups' Instance and Flavor sections name. */
    private static Set<String> pluginKinds(List<GroupSpec> specs) {
        Set<String> names = new LinkedHashSet<>();
        specs.forEach(s -> names.addAll(GroupView.plugins(s)));
        return names;
    }

    private void startMissing(PluginHost host, Set<String> wanted, Set<String> installed) {
        Set<String> live = manager.liveSockets();
        for (String kind : wanted) {
            if (!live.contains(kind) && installed.contains(kind)) {
                host.start(kind, null, Map.of());
            }
        }
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // shutting down
        }
    }

    private Duration timeout() {
        return up.timeoutSeconds == null ? null : Duration.ofSeconds(up.timeoutSeconds);
    }

    /** examples/quickstart.yml, from this build: what a first {@code infrakit up} runs. */
    private List<GroupSpec> quickstart(java.util.Collection<String> alsoKnown) throws IOException {
        var parser = up.specOptions.reader(manager.catalog(alsoKnown));
        try (InputStream in = UpDaemon.class.getClassLoader().getResourceAsStream(UpCommand.QUICKSTART)) {
            if (in == null) {
                throw new PluginException(UpCommand.QUICKSTART + " is missing from this build; give a spec file: infrakit up FILE");
            }
            up.out().println("nothing stored yet: committing " + UpCommand.QUICKSTART);
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

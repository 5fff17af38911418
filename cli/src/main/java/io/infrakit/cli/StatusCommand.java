package io.infrakit.cli;

import io.infrakit.core.manager.ManagerApi;
import io.infrakit.rpc.discovery.DiscoveredPlugin;
import io.infrakit.rpc.discovery.PluginDiscovery;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupSpec;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** {@code infrakit status}: is the manager up, who leads, which plugins answer, which are missing. */
@Command(name = "status", description = {
        "Shows the manager (reachable, leader), every plugin socket, and the plugins committed groups name but that are not running.",
        "Exit 1 when the manager does not answer, a plugin a group needs is missing or a group's stored spec is damaged."})
final class StatusCommand extends ManagerCommand {

    StatusCommand(CliEnv env) {
        super(env);
    }

    @Override
    int run(ManagerClient manager) {
        out().println("home:     " + manager.paths().home());
        boolean up = manager.running();
        List<GroupSpec> groups = List.of();
        List<ManagerApi.Damage> damage = List.of();
        if (!up) {
            out().println("manager:  not running (socket " + manager.socket() + "); start it with: infrakit up");
        } else {
            try {
                ManagerApi.LeaderInfo l = manager.api().leadership();
                out().println("manager:  reachable at " + manager.where() + (l.leader() ? " (leader)" : " (follower)"));
                out().println("leader:   " + (l.location() == null ? "none yet" : l.location()));
                if (l.problem() != null && !l.leader()) {
                    // Not "none yet": no manager can lead until someone fixes this.
                    out().println("problem:  " + l.problem());
                    up = false;
                }
                groups = manager.inspectGroups();
                damage = manager.damaged();
                long damagedGroups = damage.stream().filter(ManagerApi.Damage::newest).count();
                out().println("groups:   " + groups.size() + (damagedGroups > 0 ? " running, " + damagedGroups + " damaged" : ""));
            } catch (PluginException e) {
                up = false;
                out().println("manager:  " + manager.where() + " does not answer: " + e.getMessage());
            }
        }
        out().println("plugins:");
        List<DiscoveredPlugin> plugins = new PluginDiscovery(manager.paths(), manager.http(), Duration.ofSeconds(3)).list();
        Ansi ansi = Ansi.forStdout(env);
        if (plugins.isEmpty()) {
            out().println("  (none in " + manager.paths().pluginsDir() + ")");
        } else {
            Table t = new Table("  NAME", "STATE", "INTERFACES");
            for (DiscoveredPlugin p : plugins) {
                t.row("  " + p.name(), p.state() == DiscoveredPlugin.State.LIVE ? "reachable" : "unreachable (" + p.state().name().toLowerCase() + ")",
                        p.state() == DiscoveredPlugin.State.LIVE ? String.join(" ", p.interfaces()) : p.problem());
            }
            t.lines(ansi::paint).forEach(out()::println);
        }
        // A remote daemon's plugins are not in this folder: only the daemon knows what runs there.
        Map<String, Set<String>> missing = env.remote() != null ? Map.of() : missing(groups, plugins);
        if (!missing.isEmpty()) {
            out().println("missing (named by committed groups, not running):");
            Table t = new Table(false, "", "", "");
            missing.forEach((name, by) -> t.row("  " + name, ansi.paint("missing"),
                    "needed by group " + String.join(", ", by) + "; start it (infrakit plugin kinds lists what infrakit can start)"));
            t.lines(s -> s).forEach(out()::println);
        }
        if (!damage.isEmpty()) {
            out().println("damaged (stored specs that cannot be trusted):");
            for (ManagerApi.Damage d : damage) {
                out().println("  " + ansi.paint(GroupView.DAMAGED) + " " + GetCommand.damageWarning(d));
            }
        }
        out().flush();
        boolean damagedGroup = damage.stream().anyMatch(ManagerApi.Damage::newest);
        return up && missing.isEmpty() && !damagedGroup ? OK : FAILED;
    }

    /** Plugin name -> the groups whose Instance or Flavor section names it, for names no live socket serves. */
    static Map<String, Set<String>> missing(List<GroupSpec> groups, List<DiscoveredPlugin> plugins) {
        Set<String> live = plugins.stream().filter(p -> p.state() == DiscoveredPlugin.State.LIVE).map(DiscoveredPlugin::name)
                .collect(Collectors.toSet());
        Map<String, Set<String>> missing = new TreeMap<>();
        for (GroupSpec g : groups) {
            List<String> named = GroupView.plugins(g);
            for (String name : named) {
                if (!live.contains(name)) {
                    missing.computeIfAbsent(name, k -> new TreeSet<>()).add(g.id());
                }
            }
        }
        return missing;
    }
}

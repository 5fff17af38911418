package io.infrakit.cli;

import io.infrakit.core.manager.ManagerApi;
import io.infrakit.rpc.discovery.DiscoveredPlugin;
import io.infrakit.rpc.discovery.PluginDiscovery;
import io.infrakit.spi.PluginException;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.util.List;

/** {@code infrakit status}: is the manager up, who leads, which plugins answer. */
@Command(name = "status", description = "Shows the manager (reachable, leader) and every plugin socket (reachable or not).")
final class StatusCommand extends ManagerCommand {

    StatusCommand(CliEnv env) {
        super(env);
    }

    @Override
    int run(ManagerClient manager) {
        out().println("home:     " + manager.paths().home());
        boolean up = manager.running();
        if (!up) {
            out().println("manager:  not running (socket " + manager.socket() + "); start it with: infrakit up");
        } else {
            try {
                ManagerApi.LeaderInfo l = manager.api().leadership();
                out().println("manager:  reachable at " + manager.where() + (l.leader() ? " (leader)" : " (follower)"));
                out().println("leader:   " + (l.location() == null ? "none yet" : l.location()));
                out().println("groups:   " + manager.groups().inspectGroups().size());
            } catch (PluginException e) {
                up = false;
                out().println("manager:  " + manager.where() + " does not answer: " + e.getMessage());
            }
        }
        out().println("plugins:");
        List<DiscoveredPlugin> plugins = new PluginDiscovery(manager.paths(), manager.http(), Duration.ofSeconds(3)).list();
        if (plugins.isEmpty()) {
            out().println("  (none in " + manager.paths().pluginsDir() + ")");
        } else {
            Table t = new Table("  NAME", "STATE", "INTERFACES");
            for (DiscoveredPlugin p : plugins) {
                t.row("  " + p.name(), p.state() == DiscoveredPlugin.State.LIVE ? "reachable" : "unreachable (" + p.state().name().toLowerCase() + ")",
                        p.state() == DiscoveredPlugin.State.LIVE ? String.join(" ", p.interfaces()) : p.problem());
            }
            t.print(out());
        }
        out().flush();
        return up ? OK : FAILED;
    }
}

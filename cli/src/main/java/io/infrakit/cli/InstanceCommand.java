package io.infrakit.cli;

import io.infrakit.rpc.PluginRegistry;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code infrakit instance ls|destroy PLUGIN ...}: talks to an instance plugin directly, behind
 * the group controllers' backs (the tutorial uses it to show healing).
 */
@Command(name = "instance", description = "Lists or destroys instances of an instance plugin directly (not through a group).",
        subcommands = {InstanceCommand.Ls.class, InstanceCommand.Destroy.class})
final class InstanceCommand {

    static InstancePlugin plugin(ManagerClient manager, String name) {
        PluginRegistry registry = new PluginRegistry(manager.paths(), RpcInterfaces.standard(), Duration.ofSeconds(30));
        return registry.instance(name);
    }

    @Command(name = "ls", description = "Lists an instance plugin's instances: infrakit instance ls simulator/compute")
    static final class Ls extends ManagerCommand {
        @Parameters(index = "0", paramLabel = "PLUGIN")
        String plugin;

        @Override
        int run(ManagerClient manager) {
            List<InstanceDescription> all = plugin(manager, plugin).describeInstances(Map.of(), false);
            Table t = new Table("ID", "LOGICAL ID", "GROUP");
            for (InstanceDescription d : all) {
                t.row(d.id(), d.logicalId() == null ? "-" : d.logicalId(), d.tag(io.infrakit.spi.Tags.GROUP));
            }
            t.print(out());
            return OK;
        }
    }

    @Command(name = "destroy", description = "Destroys instances: infrakit instance destroy simulator/compute ID...")
    static final class Destroy extends ManagerCommand {
        @Parameters(index = "0", paramLabel = "PLUGIN")
        String plugin;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID")
        List<String> ids = new ArrayList<>();

        @Override
        int run(ManagerClient manager) {
            InstancePlugin p = plugin(manager, plugin);
            int failed = 0;
            for (String id : ids) {
                try {
                    p.destroy(id, DestroyContext.terminate());
                    out().println("destroyed " + id);
                } catch (PluginException e) {
                    failed++;
                    err().println("error: " + e.getMessage());
                }
            }
            out().flush();
            err().flush();
            return failed == 0 ? OK : FAILED;
        }
    }
}

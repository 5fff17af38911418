package io.infrakit.cli.instance;

import io.infrakit.cli.CliEnv;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.InstanceDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The member roles a group controller respects, set as tags with Label so that every provider and
 * every path (a controller restarted, another manager leading) sees them: {@code protect} (never
 * destroyed by scale-down, remediation or an update), {@code standby} (kept, not counted, not
 * replaced) and {@code detach} (leaves its group, keeps running).
 */
abstract class InstanceRoleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginOption plugin;

    @Parameters(index = "0", paramLabel = "ID", description = "The instance (a member of a group).")
    String id;

    private final CliEnv env;

    InstanceRoleCommand(CliEnv env) {
        this.env = env;
    }

    /** The tags to set on a member of {@code group}, and the line to print. */
    abstract Map<String, String> tags(String group);

    abstract String done(String group);

    @Override
    public Integer call() {
        try (InstancePlugins p = new InstancePlugins(env, plugin)) {
            InstanceDescription d = p.plugin.describeInstances(Map.of(), false).stream()
                    .filter(i -> id.equals(i.id())).findFirst()
                    .orElseThrow(() -> new PluginException("no instance '" + id + "' on plugin " + plugin.name
                            + " (infrakit instance describe --plugin " + plugin.name + " lists them)"));
            String group = d.tag(Tags.GROUP);
            if (group == null || group.isEmpty()) {
                throw new PluginException("instance '" + id + "' is in no group (no " + Tags.GROUP + " tag): roles are"
                        + " for group members");
            }
            p.plugin.label(id, tags(group));
            spec.commandLine().getOut().println(done(group));
        }
        return 0;
    }

    /** {@code infrakit instance protect ID}: scale-in protection. */
    @Command(name = "protect", mixinStandardHelpOptions = true,
            description = "Protects a group member: scale-down, remediation and rolling updates never destroy it (--off lifts it).")
    public static final class Protect extends InstanceRoleCommand {
        @Option(names = "--off", description = "Lift the protection.")
        boolean off;

        Protect(CliEnv env) {
            super(env);
        }

        @Override
        Map<String, String> tags(String group) {
            return Map.of(Tags.PROTECTED, off ? "false" : Tags.TRUE);
        }

        @Override
        String done(String group) {
            return (off ? "unprotected " : "protected ") + id + " (group " + group + ")";
        }
    }

    /** {@code infrakit instance standby ID}: kept, not counted as serving, not replaced. */
    @Command(name = "standby", mixinStandardHelpOptions = true,
            description = "Puts a group member on standby: kept, not counted as serving (the group starts another), never"
                    + " replaced or destroyed (--off puts it back in service).")
    public static final class Standby extends InstanceRoleCommand {
        @Option(names = "--off", description = "Back in service.")
        boolean off;

        Standby(CliEnv env) {
            super(env);
        }

        @Override
        Map<String, String> tags(String group) {
            return Map.of(Tags.STANDBY, off ? "false" : Tags.TRUE);
        }

        @Override
        String done(String group) {
            return (off ? "back in service: " : "on standby: ") + id + " (group " + group + ")";
        }
    }

    /** {@code infrakit instance detach ID}: leaves the group, keeps running. */
    @Command(name = "detach", mixinStandardHelpOptions = true,
            description = "Takes a member out of its group and leaves it running; the group starts another in its place.")
    public static final class Detach extends InstanceRoleCommand {
        Detach(CliEnv env) {
            super(env);
        }

        @Override
        Map<String, String> tags(String group) {
            Map<String, String> t = new LinkedHashMap<>();
            t.put(Tags.GROUP, "");
            t.put(Tags.DETACHED, group);
            return t;
        }

        @Override
        String done(String group) {
            return "detached " + id + " from group " + group + " (tag " + Tags.DETACHED + "=" + group + "); it keeps running";
        }
    }
}

package io.infrakit.cli.group;

import io.infrakit.cli.CliEnv;
import io.infrakit.cli.TextTable;
import io.infrakit.spi.group.GroupSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code infrakit group ls [-q]}. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "Lists the groups the controller manages.")
public final class GroupLsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GroupTarget target;

    @Option(names = {"-q", "--quiet"}, description = "Print group IDs only, one per line.")
    boolean quiet;

    private final CliEnv env;

    GroupLsCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        List<GroupSpec> groups;
        try (GroupPlugins p = new GroupPlugins(env, target)) {
            groups = p.plugin.inspectGroups();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (quiet) {
            groups.forEach(g -> out.println(g.id()));
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"ID", "SIZE", "INSTANCE", "FLAVOR"});
        for (GroupSpec g : groups) {
            var props = g.properties();
            var alloc = props == null ? null : props.get("Allocation");
            String size = "-";
            if (alloc != null) {
                var lids = alloc.get("LogicalIDs");
                size = lids != null && lids.isArray() && !lids.isEmpty()
                        ? lids.size() + " (logical IDs)" : alloc.path("Size").asText("0");
            }
            rows.add(new String[]{g.id(), size, text(props, "Instance"), text(props, "Flavor")});
        }
        out.print(TextTable.format(rows));
        return 0;
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode props, String section) {
        String s = props == null ? "" : props.path(section).path("Plugin").asText("");
        return s.isEmpty() ? "-" : s;
    }
}

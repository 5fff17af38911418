package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code infrakit get groups|instances}: plain lists of what the manager manages. */
@Command(name = "get", description = "Lists groups or instances: infrakit get groups|instances [-o wide|json|yaml|ids]")
final class GetCommand extends ManagerCommand {

    GetCommand(CliEnv env) {
        super(env);
    }

    @Parameters(index = "0", paramLabel = "WHAT", description = "groups or instances")
    String what;

    @Parameters(index = "1", arity = "0..1", paramLabel = "GROUP", description = "Only this group.")
    String only;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "wide, json, yaml, or ids (instance IDs only, one per line) (default: a table).")
    String format;

    @Override
    int run(ManagerClient manager) {
        if (format != null && !List.of("wide", "json", "yaml", "ids").contains(format)) {
            throw new BadInputException("-o " + format + " is not a format: use wide, json, yaml or ids");
        }
        String w = what.toLowerCase();
        if (w.equals("group")) {
            w = "groups";
        } else if (w.equals("instance")) {
            w = "instances";
        }
        if (!w.equals("groups") && !w.equals("instances")) {
            throw new BadInputException("cannot get '" + what + "': use infrakit get groups or infrakit get instances");
        }
        manager.requireRunning();
        List<GroupSpec> specs = new ArrayList<>(manager.groups().inspectGroups());
        if (only != null) {
            specs.removeIf(s -> !s.id().equals(only));
            if (specs.isEmpty()) {
                throw new io.infrakit.spi.PluginException("group '" + only + "' is not managed here (see infrakit get groups)");
            }
        }
        if (w.equals("groups")) {
            groups(manager, specs);
        } else {
            instances(manager, specs);
        }
        return OK;
    }

    private void groups(ManagerClient manager, List<GroupSpec> specs) {
        List<GroupView> views = new ArrayList<>();
        for (GroupSpec s : specs) {
            views.add(GroupView.of(s, manager.describe(s.id())));
        }
        if ("ids".equals(format)) {
            views.forEach(v -> out().println(v.id()));
        } else if ("json".equals(format)) {
            out().println(Output.json(views));
        } else if ("yaml".equals(format)) {
            out().print(Output.yaml(views));
        } else if (views.isEmpty()) {
            out().println("No groups. Commit one with: infrakit apply -f examples/quickstart.yml");
        } else {
            boolean wide = "wide".equals(format);
            Table t = wide ? new Table("ID", "DESIRED", "RUNNING", "HEALTHY", "UPDATING", "CONVERGED", "INSTANCE", "FLAVOR", "MESSAGE")
                    : new Table("ID", "DESIRED", "RUNNING", "HEALTHY", "UPDATING", "CONVERGED");
            for (GroupView v : views) {
                if (wide) {
                    t.row(v.id(), v.desired(), v.running(), v.healthyText(), v.updating(), v.converged() ? "yes" : "no",
                            v.instancePlugin(), v.flavorPlugin(), v.message());
                } else {
                    t.row(v.id(), v.desired(), v.running(), v.healthyText(), v.updating(), v.converged() ? "yes" : "no");
                }
            }
            t.print(out());
        }
        out().flush();
    }

    private void instances(ManagerClient manager, List<GroupSpec> specs) {
        ObjectMapper json = new ObjectMapper();
        ArrayNode all = json.createArrayNode();
        for (GroupSpec s : specs) {
            for (JsonNode i : manager.describe(s.id()).path("Instances")) {
                ObjectNode o = json.createObjectNode().put("Group", s.id());
                o.setAll((ObjectNode) i);
                all.add(o);
            }
        }
        if ("ids".equals(format)) {
            all.forEach(i -> out().println(i.path("ID").asText()));
        } else if ("json".equals(format)) {
            out().println(Output.json(all));
        } else if ("yaml".equals(format)) {
            out().print(Output.yaml(all));
        } else if (all.isEmpty()) {
            out().println("No instances.");
        } else {
            boolean wide = "wide".equals(format);
            Table t = wide ? new Table("GROUP", "ID", "LOGICAL ID", "CONFIG", "TAGS") : new Table("GROUP", "ID", "LOGICAL ID", "CONFIG");
            for (JsonNode i : all) {
                String hash = i.path("Tags").path(Tags.CONFIG_HASH).asText("");
                String lid = i.path("LogicalID").isTextual() ? i.path("LogicalID").asText() : "-";
                if (wide) {
                    Map<String, String> tags = new TreeMap<>();
                    i.path("Tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
                    StringBuilder sb = new StringBuilder();
                    tags.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ",").append(k).append('=').append(v));
                    t.row(i.path("Group").asText(), i.path("ID").asText(), lid, hash, sb);
                } else {
                    t.row(i.path("Group").asText(), i.path("ID").asText(), lid, hash.length() > 8 ? hash.substring(0, 8) : hash);
                }
            }
            t.print(out());
        }
        out().flush();
    }
}

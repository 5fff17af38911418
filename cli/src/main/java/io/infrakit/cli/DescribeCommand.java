package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.core.manager.ManagerApi;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code infrakit describe group ID}: spec, status, conditions, members and recent events. */
@Command(name = "describe", description = "Shows one group in detail: infrakit describe group ID")
final class DescribeCommand extends ManagerCommand {

    DescribeCommand(CliEnv env) {
        super(env);
    }

    @Parameters(index = "0", paramLabel = "KIND", description = "group")
    String kind;

    @Parameters(index = "1", paramLabel = "ID", description = "The group's ID (metadata.name).")
    String id;

    @Option(names = "--events", paramLabel = "N", description = "How many recent events to show (default 10).")
    int events = 10;

    @Override
    int run(ManagerClient manager) {
        if (!kind.equals("group") && !kind.equals("groups")) {
            throw new BadInputException("cannot describe '" + kind + "': use infrakit describe group ID");
        }
        manager.requireRunning();
        GroupSpec spec = manager.groups().inspectGroups().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new PluginException("group '" + id + "' is not managed here (see infrakit get groups)"));
        ManagerApi api = manager.api();
        List<ManagerApi.Version> versions = api.history(id);
        JsonNode description = manager.describe(id);
        GroupView v = GroupView.of(spec, description);

        out().println("Name:        " + id);
        if (!versions.isEmpty()) {
            out().println("Version:     " + versions.get(0).version() + " (committed " + versions.get(0).committedAt() + "; "
                    + versions.size() + " kept" + (versions.size() > 1 ? ", infrakit rollback " + id + " restores the previous" : "") + ")");
        }
        out().println("Status:      desired " + v.desired() + ", running " + v.running() + ", healthy " + v.healthyText()
                + ", updating " + v.updating());
        out().println("Conditions:");
        out().println("  Converged:          " + (v.converged() ? "True" : "False"));
        JsonNode status = description.path("Status");
        condition("UpdatePaused", status.path("UpdatePaused"));
        condition("RemediationStopped", status.path("RemediationStopped"));
        condition("LastError", status.path("LastError"));
        condition("Message", status.path("Message"));
        out().println("Spec:");
        for (String line : Output.yaml(spec.properties()).split("\n")) {
            out().println("  " + line);
        }
        out().println("Instances:");
        Table t = new Table("  ID", "LOGICAL ID", "CONFIG");
        for (JsonNode i : description.path("Instances")) {
            t.row("  " + i.path("ID").asText(), i.path("LogicalID").isTextual() ? i.path("LogicalID").asText() : "-",
                    i.path("Tags").path(Tags.CONFIG_HASH).asText(""));
        }
        t.print(out());
        out().println("Events:");
        List<ManagerApi.EventView> recent = api.events(0, id).events();
        if (recent.isEmpty()) {
            out().println("  (none)");
        }
        for (ManagerApi.EventView e : recent.subList(Math.max(0, recent.size() - events), recent.size())) {
            out().println("  " + EventsCommand.line(e));
        }
        out().flush();
        return OK;
    }

    private void condition(String name, JsonNode value) {
        if (value.isTextual() && !value.asText().isBlank()) {
            out().printf("  %-19s %s%n", name + ":", value.asText());
        }
    }
}

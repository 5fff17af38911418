package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.core.manager.ManagerApi;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.group.GroupStatus;
import io.infrakit.spi.instance.InstanceDescription;
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
            throw new BadInputException("cannot describe '" + kind + "'" + Suggest.didYouMean(kind, java.util.List.of("group"))
                    + " (infrakit describe group ID)");
        }
        manager.requireRunning();
        List<GroupSpec> all = manager.inspectGroups();
        var damaged = manager.damaged().stream().filter(d -> d.newest() && d.group().equals(id)).findFirst();
        if (damaged.isPresent()) {
            return describeDamaged(manager, damaged.get());
        }
        GroupSpec spec = all.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> Groups.notFound(id, all.stream().map(GroupSpec::id).toList(), "infrakit get groups"));
        ManagerApi api = manager.api();
        List<ManagerApi.Version> versions = api.history(id);
        // A group whose plugin is down is the one to diagnose: show what is known, and why the rest is not.
        java.util.Set<String> down = manager.down(List.of(spec));
        // In the daemon, the one typed description serves the counts, the conditions and the members (no JSON tree);
        // elsewhere, or when it cannot be read so, the view and the JSON as before.
        GroupDescription typed = null;
        if (GroupView.plugins(spec).stream().noneMatch(down::contains)) {
            try {
                typed = manager.describeInProcess(id);
            } catch (PluginException e) {
                typed = null; // the view below reads it again and says why it cannot
            }
        }
        GroupView v = typed != null ? GroupView.of(spec, typed) : manager.view(spec, down);
        JsonNode description = typed != null || !v.reachable() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : manager.describe(id);

        out().println("Name:        " + id);
        if (!versions.isEmpty()) {
            out().println("Version:     " + versions.get(0).version() + " (committed " + versions.get(0).committedAt() + "; "
                    + versions.size() + " kept" + (versions.size() > 1 ? ", infrakit rollback " + id + " restores the previous" : "") + ")");
        }
        if (v.reachable()) {
            out().println("Status:      " + v.status() + ": desired " + v.desired() + ", running " + v.running() + ", healthy "
                    + v.healthyText() + ", updating " + v.updating());
        } else {
            out().println("Status:      " + v.status() + ": desired " + v.desired() + "; the group cannot be read: " + v.error());
        }
        out().println("Conditions:");
        out().println("  Converged:          " + (v.reachable() ? (v.converged() ? "True" : "False") : "Unknown"));
        if (typed != null) {
            GroupStatus status = typed.status();
            condition("UpdatePaused", status == null ? null : status.updatePaused());
            condition("RemediationStopped", status == null ? null : status.remediationStopped());
            condition("LastError", status == null ? null : status.lastError());
            condition("Message", status == null ? null : status.message());
        } else {
            JsonNode status = description.path("Status");
            condition("UpdatePaused", text(status.path("UpdatePaused")));
            condition("RemediationStopped", text(status.path("RemediationStopped")));
            condition("LastError", text(status.path("LastError")));
            condition("Message", text(status.path("Message")));
        }
        out().println("Spec:");
        for (String line : Output.yaml(spec.properties()).split("\n")) {
            out().println("  " + line);
        }
        out().println("Instances:");
        if (!v.reachable()) {
            out().println("  (unknown while the group cannot be read)");
        }
        Table t = new Table(v.reachable(), "  ID", "LOGICAL ID", "CONFIG");
        if (typed != null) {
            for (InstanceDescription i : typed.instances()) {
                // As the JSON reads: a null ID's text is "null", a missing logical ID "-", a missing tag "".
                String hash = i.tags() == null ? null : i.tags().get(Tags.CONFIG_HASH);
                t.row("  " + i.id(), i.logicalId() == null ? "-" : i.logicalId(), hash == null ? "" : hash);
            }
        }
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

    /** A group whose newest stored version cannot be trusted: what is wrong, where, the kept versions and the fix. */
    private int describeDamaged(ManagerClient manager, ManagerApi.Damage d) {
        out().println("Name:        " + id);
        out().println("Status:      " + GroupView.DAMAGED + ": the group is not run; its instances are left as they are");
        out().println("File:        " + (d.file() == null ? "(the stored spec, version " + d.version() + ")" : d.file() + " (version " + d.version() + ")"));
        out().println("Problem:     " + d.reason());
        out().println("Fix:         " + d.fix());
        List<ManagerApi.Version> kept = manager.api().history(id);
        out().println("Readable versions:");
        if (kept.isEmpty()) {
            out().println("  (none)");
        }
        for (ManagerApi.Version v : kept) {
            out().println("  " + v.version() + "  committed " + v.committedAt());
        }
        out().flush();
        return FAILED;
    }

    /** A condition line, when {@code value} is text that is not blank. */
    private void condition(String name, String value) {
        if (value != null && !value.isBlank()) {
            out().printf("  %-19s %s%n", name + ":", value);
        }
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : null;
    }
}

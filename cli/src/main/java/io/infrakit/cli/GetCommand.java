package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.infrakit.core.manager.ManagerApi;
import io.infrakit.rpc.WireJson;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code infrakit get groups|instances}: plain lists of what the manager manages. A group that
 * cannot be read (its plugin is down) is listed all the same, marked Unreachable: one broken
 * group must not hide the others. Exit 1 only when no group could be read.
 */
@Command(name = "get", description = {
        "Lists groups or instances: infrakit get groups|instances [GROUP] [-o FORMAT] [-w].",
        "Formats: table (default), wide, json, yaml, name, ids, jsonpath=EXPR, template=TEXT; --no-headers."})
final class GetCommand extends ManagerCommand {

    GetCommand(CliEnv env) {
        super(env);
    }

    @Parameters(index = "0", paramLabel = "WHAT", description = "groups or instances")
    String what;

    @Parameters(index = "1", arity = "0..1", paramLabel = "GROUP", description = "Only this group.")
    String only;

    @Mixin
    OutputFormat output;

    @Option(names = {"-w", "--watch"}, description = "Keep the table up to date: redrawn in place on a terminal,"
            + " changed rows only when piped. Ctrl-C stops (exit 130).")
    boolean watch;

    @Option(names = "--interval", paramLabel = "MS", description = "With -w: how often to look (default 1000).")
    long intervalMillis = 1000;

    /** What one look found: the rows to print, and whether anything could be read. */
    record Snapshot(JsonNode json, List<String> lines, List<String> warnings, boolean anyRead, boolean damaged) {
        Snapshot(JsonNode json, List<String> lines, List<String> warnings, boolean anyRead) {
            this(json, lines, warnings, anyRead, false);
        }
    }

    @Override
    int run(ManagerClient manager) throws InterruptedException {
        String w = what.toLowerCase();
        if (w.equals("group")) {
            w = "groups";
        } else if (w.equals("instance")) {
            w = "instances";
        }
        if (!w.equals("groups") && !w.equals("instances")) {
            throw new BadInputException("cannot get '" + what + "'" + Suggest.didYouMean(what, List.of("groups", "instances"))
                    + " (infrakit get groups or infrakit get instances)");
        }
        boolean groups = w.equals("groups");
        OutputFormat.Kind kind = output.kind(OutputFormat.Kind.TABLE, OutputFormat.lists(OutputFormat.Kind.WIDE, OutputFormat.Kind.IDS));
        if (watch && kind != OutputFormat.Kind.TABLE && kind != OutputFormat.Kind.WIDE) {
            throw new BadInputException("-w shows tables: drop -o " + output.output + ", or use -o wide");
        }
        manager.requireRunning();
        Ansi ansi = Ansi.forStdout(env);
        try (InstanceRows rows = groups ? null : new InstanceRows(env)) {
            if (watch) {
                return new Watch(env, out(), ansi, intervalMillis).run(() -> look(manager, groups, kind, rows, ansi));
            }
            Snapshot s = look(manager, groups, kind, rows, ansi);
            s.warnings().forEach(m -> err().println("warning: " + m));
            err().flush();
            if (!output.printStructured(kind, s.json(), e -> name(groups, kind, e), out())) {
                s.lines().forEach(out()::println);
                out().flush();
            }
            return s.anyRead() && !s.damaged() ? OK : FAILED;
        }
    }

    private static String name(boolean groups, OutputFormat.Kind kind, JsonNode e) {
        String id = e.path("ID").asText();
        return kind == OutputFormat.Kind.IDS ? id : (groups ? "group/" : "instance/") + id;
    }

    private Snapshot look(ManagerClient manager, boolean groups, OutputFormat.Kind kind, InstanceRows rows, Ansi ansi) {
        List<GroupSpec> specs = new ArrayList<>(manager.inspectGroups());
        List<ManagerApi.Damage> damage = new ArrayList<>(manager.damaged());
        if (only != null) {
            List<String> ids = new ArrayList<>(specs.stream().map(GroupSpec::id).toList());
            damage.stream().filter(ManagerApi.Damage::newest).forEach(d -> ids.add(d.group()));
            specs.removeIf(s -> !s.id().equals(only));
            damage.removeIf(d -> !d.group().equals(only));
            if (specs.isEmpty() && damage.stream().noneMatch(ManagerApi.Damage::newest)) {
                throw Groups.notFound(only, ids, "infrakit get groups");
            }
        }
        Snapshot s = groups ? groups(manager, specs, damage, kind, ansi) : instances(manager, specs, kind, rows, ansi);
        if (groups) {
            return s;
        }
        List<String> warnings = new ArrayList<>(s.warnings());
        damage.forEach(d -> warnings.add(damageWarning(d)));
        return new Snapshot(s.json(), s.lines(), warnings, s.anyRead(), damage.stream().anyMatch(ManagerApi.Damage::newest));
    }

    /** The warning for a damaged stored version: the group, the file, why, and the fix. */
    static String damageWarning(ManagerApi.Damage d) {
        if (d.file() == null) {
            return "group '" + d.group() + "' is not run: " + d.reason() + "; " + d.fix();
        }
        return (d.newest() ? "group '" + d.group() + "' is damaged: " : "group '" + d.group() + "' has a damaged old version: ")
                + d.file() + " (version " + d.version() + ") cannot be trusted: " + d.reason() + "; " + d.fix();
    }

    private Snapshot groups(ManagerClient manager, List<GroupSpec> specs, List<ManagerApi.Damage> damage, OutputFormat.Kind kind,
                            Ansi ansi) {
        List<GroupView> views = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (ManagerApi.Damage d : damage) {
            warnings.add(damageWarning(d));
        }
        java.util.Set<String> down = manager.down(specs);
        for (GroupSpec s : specs) {
            GroupView v = manager.view(s, down);
            views.add(v);
            if (!v.reachable()) {
                warnings.add("group '" + s.id() + "' cannot be read: " + v.error());
            }
        }
        boolean anyRead = specs.isEmpty() || views.stream().anyMatch(GroupView::reachable);
        damage.stream().filter(ManagerApi.Damage::newest).map(GroupView::damaged).forEach(views::add);
        views.sort(java.util.Comparator.comparing(GroupView::id));
        List<String> lines = new ArrayList<>();
        if (views.isEmpty()) {
            lines.add("No groups. Commit one with: infrakit apply -f examples/quickstart.yml");
        } else if (kind == OutputFormat.Kind.TABLE || kind == OutputFormat.Kind.WIDE) {
            boolean wide = kind == OutputFormat.Kind.WIDE;
            Table t = wide ? output.table("ID", "DESIRED", "RUNNING", "HEALTHY", "UPDATING", "CONVERGED", "STATUS", "INSTANCE", "FLAVOR", "MESSAGE")
                    : output.table("ID", "DESIRED", "RUNNING", "HEALTHY", "UPDATING", "CONVERGED", "STATUS");
            for (GroupView v : views) {
                String counts = v.reachable() ? null : "?";
                if (GroupView.DAMAGED.equals(v.status())) {
                    if (wide) {
                        t.row(v.id(), "?", "?", "?", "?", "?", v.status(), "-", "-", v.error());
                    } else {
                        t.row(v.id(), "?", "?", "?", "?", "?", v.status());
                    }
                    continue;
                }
                Object running = counts != null ? counts : v.running();
                Object healthy = counts != null ? counts : v.healthyText();
                Object updating = counts != null ? counts : v.updating();
                String converged = counts != null ? "?" : v.converged() ? "yes" : "no";
                if (wide) {
                    t.row(v.id(), v.desired(), running, healthy, updating, converged, v.status(), v.instancePlugin(), v.flavorPlugin(),
                            v.reachable() ? v.message() : v.error());
                } else {
                    t.row(v.id(), v.desired(), running, healthy, updating, converged, v.status());
                }
            }
            lines.addAll(t.lines(ansi::paint));
        }
        return new Snapshot(WireJson.mapper().valueToTree(views), lines, warnings, anyRead,
                damage.stream().anyMatch(ManagerApi.Damage::newest));
    }

    private Snapshot instances(ManagerClient manager, List<GroupSpec> specs, OutputFormat.Kind kind, InstanceRows rows, Ansi ansi) {
        ArrayNode all = WireJson.mapper().createArrayNode();
        List<String> warnings = new ArrayList<>();
        List<InstanceRows.Row> found = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        boolean details = kind != OutputFormat.Kind.IDS && kind != OutputFormat.Kind.NAME;
        ManagerApi api = manager.api();
        java.util.Set<String> down = manager.down(specs);
        for (GroupSpec s : specs) {
            GroupView v = GroupView.plugins(s).stream().anyMatch(down::contains) ? manager.view(s, down) : null;
            if (v != null) {
                unreachable.add(s.id());
                warnings.add("group '" + s.id() + "' cannot be read: " + v.error());
                continue;
            }
            try {
                GroupDescription typed = manager.describeInProcess(s.id());
                JsonNode description = typed == null ? manager.describe(s.id()) : null;
                if (typed != null) {
                    java.util.Map<String, Instant> provisioned = details ? manager.provisionedInProcess(s.id()) : java.util.Map.of();
                    if (provisioned == null) {
                        provisioned = InstanceRows.provisioned(api.events(0, s.id()).events());
                    }
                    found.addAll(rows.rows(s, typed, provisioned, details));
                } else {
                    List<ManagerApi.EventView> events = details ? api.events(0, s.id()).events() : List.of();
                    found.addAll(rows.rows(s, description, events, details));
                }
            } catch (PluginException e) {
                unreachable.add(s.id());
                warnings.add("group '" + s.id() + "' cannot be read: " + e.getMessage());
            }
        }
        if (kind != OutputFormat.Kind.TABLE && kind != OutputFormat.Kind.WIDE) {
            found.forEach(r -> all.add(r.json())); // only what -o json, yaml, name ... print: a table needs no tree
        }
        boolean anyRead = specs.isEmpty() || unreachable.size() < specs.size();
        List<String> lines = new ArrayList<>();
        if (kind == OutputFormat.Kind.TABLE || kind == OutputFormat.Kind.WIDE) {
            if (found.isEmpty() && unreachable.isEmpty()) {
                lines.add("No instances.");
                return new Snapshot(all, lines, warnings, anyRead);
            }
            boolean wide = kind == OutputFormat.Kind.WIDE;
            Table t = wide ? output.table("GROUP", "ID", "LOGICAL ID", "STATUS", "HEALTH", "AGE", "CONFIG", "TAGS")
                    : output.table("GROUP", "ID", "LOGICAL ID", "STATUS", "HEALTH", "AGE", "CONFIG");
            Instant now = Instant.now();
            for (InstanceRows.Row r : found) {
                String hash = r.hash();
                if (wide) {
                    t.row(r.group(), r.id(), r.logicalId(), r.status(), r.health(), Ages.since(r.since(), now), hash, r.tagsText());
                } else {
                    t.row(r.group(), r.id(), r.logicalId(), r.status(), r.health(), Ages.since(r.since(), now),
                            hash.length() > 8 ? hash.substring(0, 8) : hash);
                }
            }
            for (String id : unreachable) {
                t.row(id, "?", "-", GroupView.UNREACHABLE, "Unknown", "-", "-");
            }
            lines.addAll(t.lines(ansi::paint));
        }
        return new Snapshot(all, lines, warnings, anyRead);
    }
}

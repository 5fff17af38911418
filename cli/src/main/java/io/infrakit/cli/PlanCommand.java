package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.cli.view.Colour;
import io.infrakit.cli.view.SpecDiff;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code infrakit plan -f FILE}: what apply would do, per group, without doing it. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = {
        "Shows what applying spec files would do: the fields that change and the instances added, removed or replaced.",
        "Per group: ~ changed, + added, - removed fields against the stored spec, then the instance counts.",
        "Changes nothing (the group controller is asked with CommitGroup Pretend)."})
final class PlanCommand extends ManagerCommand {

    PlanCommand(CliEnv env) {
        super(env);
    }

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "Spec file (repeatable).")
    List<Path> files;

    @Mixin
    SpecFileOptions specOptions;

    @Option(names = "--detailed-exitcode", description = "Exit 0 when nothing would change, 2 when something would, 1 on any error"
            + " (a bad spec file too), as terraform plan -detailed-exitcode.")
    boolean detailedExitcode;

    @Override
    public Integer call() {
        int code = super.call();
        if (code == CHANGES) {
            return detailedExitcode ? 2 : OK;
        }
        // With the flag, 2 means "changes" only: every failure (bad input too) is 1.
        return detailedExitcode && code != OK ? FAILED : code;
    }

    /** Internal result of {@link #run}, never an exit code: something would change. */
    private static final int CHANGES = -2;

    @Override
    int run(ManagerClient manager) {
        manager.requireRunning();
        List<GroupSpec> specs = specOptions.parse(files, manager, List.of());
        Map<String, GroupSpec> current = manager.groups().inspectGroups().stream()
                .collect(Collectors.toMap(GroupSpec::id, Function.identity(), (a, b) -> a));
        List<String> problems = new ArrayList<>();
        Colour colour = env.caller().local() ? Colour.forTerminal(env.variables())
                : Colour.forCaller(env.variables(), env.caller().stdoutIsTerminal());
        boolean changes = false;
        for (GroupSpec next : specs) {
            GroupSpec now = current.get(next.id());
            SpecDiff diff = SpecDiff.between(now == null ? null : now.properties(), next.properties());
            if (now != null && diff.isEmpty()) {
                out().println(next.id() + ": no changes");
                continue;
            }
            changes = true;
            String details;
            try {
                details = manager.groups().commitGroup(next, true);
            } catch (PluginException e) {
                problems.add("group '" + next.id() + "': " + e.getMessage());
                continue;
            }
            int desired = desired(next);
            if (now == null) {
                out().println(next.id() + ": new group: add " + desired + ", remove 0, replace 0");
            } else {
                int running = manager.describe(next.id()).path("Instances").size();
                boolean config = !section(now, "Instance").equals(section(next, "Instance"))
                        || !section(now, "Flavor").equals(section(next, "Flavor"));
                int add = Math.max(0, desired - running);
                int remove = Math.max(0, running - desired);
                int replace = config ? Math.min(running, desired) : 0;
                out().println(next.id() + ": add " + add + ", remove " + remove + ", replace " + replace
                        + (config ? " (rolling update: Instance or Flavor changed)" : "")
                        + (!config && add == 0 && remove == 0 ? " (settings only)" : ""));
            }
            diff.lines("  ", colour).forEach(out()::println);
            out().println("  controller: " + details);
        }
        out().flush();
        if (!problems.isEmpty()) {
            throw new io.infrakit.core.spec.InvalidSpecException(problems);
        }
        return changes ? CHANGES : OK;
    }

    private static JsonNode section(GroupSpec s, String name) {
        return s.properties() == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : s.properties().path(name);
    }

    private static int desired(GroupSpec s) {
        JsonNode a = s.properties().path("Allocation");
        return a.path("LogicalIDs").isArray() && !a.path("LogicalIDs").isEmpty() ? a.path("LogicalIDs").size() : a.path("Size").asInt(0);
    }
}

package io.infrakit.cli.group;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.cli.CliEnv;
import io.infrakit.cli.OutputFormat;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupStatus;
import io.infrakit.spi.instance.InstanceDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code infrakit group describe ID [-q] [-o table|json|yaml]}. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Shows a group's members, whether it has converged, and what the controller is doing.")
public final class GroupDescribeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GroupTarget target;

    @Parameters(index = "0", paramLabel = "ID", description = "The group ID.")
    String id;

    @Option(names = {"-q", "--quiet"}, description = "Print member IDs only, one per line.")
    boolean quiet;

    @Mixin
    OutputFormat output;

    private final CliEnv env;

    GroupDescribeCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        OutputFormat.Kind format = output.kind(OutputFormat.Kind.TABLE, OutputFormat.lists());
        GroupDescription d;
        try (GroupPlugins p = new GroupPlugins(env, target)) {
            try {
                d = p.plugin.describeGroup(id);
            } catch (io.infrakit.spi.PluginException e) {
                throw p.aboutGroup(id, e);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (quiet) {
            d.instances().forEach(i -> out.println(i.id()));
            return 0;
        }
        if (!output.printStructured(format, new ObjectMapper().valueToTree(d), e -> "group/" + id, out)) {
            out.print(text(d, output));
        }
        return 0;
    }

    static String text(GroupDescription d, OutputFormat output) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"ID", "LOGICAL", "TAGS"});
        for (InstanceDescription i : d.instances()) {
            String tags = i.tags() == null || i.tags().isEmpty() ? "-"
                    : new TreeMap<>(i.tags()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
            rows.add(new String[]{i.id(), i.logicalId() == null || i.logicalId().isEmpty() ? "-" : i.logicalId(), tags});
        }
        StringBuilder sb = new StringBuilder(output.text(rows));
        sb.append('\n').append("Converged: ").append(d.converged()).append('\n');
        GroupStatus s = d.status();
        if (s != null) {
            sb.append("Members:   ").append(s.running()).append(" running of ").append(s.desired()).append(" wanted, ")
                    .append(s.healthy()).append(" healthy, ").append(s.unhealthy()).append(" unhealthy, ")
                    .append(s.provisioning()).append(" provisioning, ").append(s.destroying()).append(" destroying")
                    .append(s.outdated() > 0 ? ", " + s.outdated() + " to update" : "").append('\n');
            line(sb, "Status:    ", s.message());
            line(sb, "Update paused:      ", s.updatePaused());
            line(sb, "Remediation stopped: ", s.remediationStopped());
            if (s.provisionFailures() > 0) {
                sb.append("Provision failures: ").append(s.provisionFailures())
                        .append(s.backoffUntil() == null ? "" : ", next attempt at " + s.backoffUntil()).append('\n');
            }
            line(sb, "Last error: ", s.lastError());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String label, String value) {
        if (value != null && !value.isEmpty()) {
            sb.append(label).append(value).append('\n');
        }
    }
}

package io.infrakit.cli.instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.infrakit.cli.CliEnv;
import io.infrakit.cli.OutputFormat;
import io.infrakit.rpc.WireJson;
import io.infrakit.spi.instance.InstanceDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code infrakit instance describe --plugin NAME [--tag k=v]... [-p] [-o table|json|yaml]}. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Lists the plugin's instances (all, or those carrying every --tag).")
public final class InstanceDescribeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginOption plugin;

    @Option(names = {"--tag", "--tags"}, paramLabel = "KEY=VALUE", description = "Only instances with this tag (repeatable; all must match).")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-p", "--properties"}, description = "Also show each instance's Properties (costs the plugin more).")
    boolean properties;

    @Mixin
    OutputFormat output;

    private final CliEnv env;

    InstanceDescribeCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        OutputFormat.Kind format = output.kind(OutputFormat.Kind.TABLE, OutputFormat.lists(OutputFormat.Kind.IDS));
        Map<String, String> wanted = KeyValues.parse(tags, "tag");
        List<InstanceDescription> found;
        try (InstancePlugins p = new InstancePlugins(env, plugin)) {
            found = p.plugin.describeInstances(wanted, properties);
        }
        PrintWriter out = spec.commandLine().getOut();
        com.fasterxml.jackson.databind.JsonNode data = WireJson.mapper().valueToTree(found);
        if (!output.printStructured(format, data, e -> (format == OutputFormat.Kind.IDS ? "" : "instance/") + e.path("ID").asText(), out)) {
            out.print(table(found));
        }
        return 0;
    }

    private String table(List<InstanceDescription> found) throws JsonProcessingException {
        List<String[]> rows = new ArrayList<>();
        rows.add(properties ? new String[]{"ID", "LOGICAL", "TAGS", "PROPERTIES"} : new String[]{"ID", "LOGICAL", "TAGS"});
        for (InstanceDescription d : found) {
            String tagText = d.tags() == null || d.tags().isEmpty() ? "-"
                    : new TreeMap<>(d.tags()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            String logical = d.logicalId() == null || d.logicalId().isEmpty() ? "-" : d.logicalId();
            if (properties) {
                String props = d.properties() == null ? "-" : WireJson.mapper().writeValueAsString(d.properties());
                rows.add(new String[]{d.id(), logical, tagText, props});
            } else {
                rows.add(new String[]{d.id(), logical, tagText});
            }
        }
        return output.text(rows);
    }
}

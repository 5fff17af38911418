package io.infrakit.cli.group;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.cli.CliEnv;
import io.infrakit.cli.OutputFormat;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code infrakit group inspect ID [-o json|yaml]}: the spec as the controller holds it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Prints a group's spec as the controller holds it (ready to edit and commit again).")
public final class GroupInspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GroupTarget target;

    @Parameters(index = "0", paramLabel = "ID", description = "The group ID.")
    String id;

    @Mixin
    OutputFormat output;

    private final CliEnv env;

    GroupInspectCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        OutputFormat.Kind format = output.kind(OutputFormat.Kind.JSON,
                java.util.EnumSet.of(OutputFormat.Kind.JSON, OutputFormat.Kind.YAML, OutputFormat.Kind.JSONPATH, OutputFormat.Kind.TEMPLATE));
        GroupSpec found;
        try (GroupPlugins p = new GroupPlugins(env, target)) {
            java.util.List<GroupSpec> all = p.plugin.inspectGroups();
            found = all.stream().filter(g -> id.equals(g.id())).findFirst()
                    .orElseThrow(() -> io.infrakit.cli.Groups.notFound(id, all.stream().map(GroupSpec::id).toList(),
                            p.listing));
        }
        PrintWriter out = spec.commandLine().getOut();
        output.printStructured(format, new ObjectMapper().valueToTree(found), e -> "group/" + id, out);
        return 0;
    }
}

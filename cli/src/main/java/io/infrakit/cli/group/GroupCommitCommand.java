package io.infrakit.cli.group;

import io.infrakit.cli.CliEnv;
import io.infrakit.cli.SpecFileOptions;
import io.infrakit.core.spec.InvalidSpecException;
import io.infrakit.spi.group.GroupSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code infrakit group commit FILE [--pretend]}. */
@Command(name = "commit", mixinStandardHelpOptions = true,
        description = {"Commits group specs from a JSON or YAML file (\"-\" for stdin, or a folder of files): the",
                "controller converges each group to its spec. Prints what it will do, in InfraKit's words.",
                "The file is read as apply reads it: templates ({{ NAME }} with --var), both of InfraKit's shapes."})
public final class GroupCommitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GroupTarget target;

    @Parameters(index = "0", paramLabel = "FILE", description = "Spec file: {\"ID\":..., \"Properties\":{...}} or kind: group YAML.")
    String file;

    @Mixin
    SpecFileOptions specOptions;

    @Option(names = "--pretend", description = "Only say what would happen; change nothing.")
    boolean pretend;

    private final CliEnv env;

    GroupCommitCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        List<GroupSpec> specs;
        try {
            // No plugin catalog: the group plugin itself says which plugins it cannot reach.
            specs = specOptions.reader(null).read(List.of(file), env.caller().stdin());
        } catch (InvalidSpecException e) {
            PrintWriter err = spec.commandLine().getErr();
            e.problems().forEach(p -> err.println("infrakit: " + p));
            err.flush();
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        try (GroupPlugins p = new GroupPlugins(env, target)) {
            for (GroupSpec s : specs) {
                String details = p.plugin.commitGroup(s, pretend);
                out.println(pretend ? "Committing " + s.id() + " would involve: " + details
                        : "Committed " + s.id() + ": " + details);
            }
        }
        return 0;
    }
}

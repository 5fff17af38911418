package io.infrakit.cli;

import io.infrakit.spi.group.GroupSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code infrakit apply -f FILE}: commits the groups of spec files to the running manager. */
@Command(name = "apply", description = {
        "Commits the groups in spec files (JSON or YAML, several YAML documents = several groups) to the running manager.",
        "Every group is checked first; if one is refused, none is committed."})
final class ApplyCommand extends ManagerCommand {

    ApplyCommand(CliEnv env) {
        super(env);
    }

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "Spec file (repeatable).")
    List<Path> files;

    @Option(names = "--wait", description = "Show progress until the groups have converged.")
    boolean waitForConvergence;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "With --wait: give up after this long (exit 1).")
    Long timeoutSeconds;

    @Mixin
    SpecFileOptions specOptions;

    @Override
    int run(ManagerClient manager) throws Exception {
        manager.requireRunning();
        List<GroupSpec> specs = specOptions.parse(files, manager, List.of());
        Applier.apply(manager.groups(), specs, out());
        if (waitForConvergence) {
            boolean ok = Progress.watch(manager, specs.stream().map(GroupSpec::id).toList(), out(),
                    timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds), () -> false);
            if (!ok) {
                err().println("error: not converged within " + timeoutSeconds + " s");
                return FAILED;
            }
        }
        return OK;
    }
}

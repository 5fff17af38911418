package io.infrakit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code infrakit up [FILE...]}: the one command a new user runs. Starts the manager, the group
 * controller and the plugins the groups name, in this JVM; commits the FILEs named (the quickstart
 * on a first run); shows each group's progress until it converges; then stays up until Ctrl-C.
 */
@Command(name = "up", description = {
        "Starts the daemon (manager, group controller, plugins) and shows progress until every group converges.",
        "Then keeps running; Ctrl-C stops it. Stored groups resume as they are stored: a restart changes nothing.",
        "FILEs named here are committed. With no FILE and nothing stored (the first run), it commits",
        "examples/quickstart.yml: 5 simulated instances with the vanilla flavor.",
        "If a daemon already runs, the FILEs are committed to it."})
final class UpCommand extends ManagerCommand {

    UpCommand(CliEnv env) {
        super(env);
    }

    static final String QUICKSTART = "examples/quickstart.yml";
    static final String GROUP_KIND = "group";

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Spec files (JSON or YAML).")
    List<Path> files = new ArrayList<>();

    @Mixin
    SpecFileOptions specOptions;

    @Mixin
    RemoteListenOptions listen = new RemoteListenOptions();

    @Mixin
    ObserveOptions observe = new ObserveOptions();

    @Option(names = "--opt", paramLabel = "KIND.KEY=VALUE", description = "Option of a plugin kind, e.g. --opt simulator.persist=true.")
    List<String> opts = new ArrayList<>();

    @Option(names = "--with", split = ",", paramLabel = "KIND",
            description = "Also start these plugin kinds in the daemon, beside the group controller, e.g. --with ingress,autoscale"
                    + " (controllers that follow the groups' events live must run in the same process).")
    List<String> with = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Stop showing progress after this long (the daemon keeps running and converging).")
    Long timeoutSeconds;

    @Override
    int run(ManagerClient manager) throws Exception {
        // The daemon side lives in UpDaemon so that loading this command (picocli builds every
        // command at start-up) does not load PluginHost and friends for short client commands.
        return new UpDaemon(this, manager).run();
    }
}

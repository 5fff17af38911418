package io.infrakit.cli.group;

import io.infrakit.cli.BadInputException;
import io.infrakit.spi.GoDuration;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --plugin NAME} and {@code --timeout}: which group controller a group command talks to, and how patiently. */
public final class GroupTarget {

    /** The manager's socket, as InfraKit names it: commits made through it are stored and survive restarts. */
    public static final String MANAGER_PLUGIN = "group";
    /** InfraKit's name for the raw group controller, used when no manager runs. */
    public static final String STATELESS_PLUGIN = "group-stateless";

    @Option(names = {"--plugin", "--name"}, paramLabel = "NAME",
            description = "Group plugin to talk to (default: the manager, socket 'group', when it runs;"
                    + " otherwise the raw controller 'group-stateless').")
    String name;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m",
            description = "How long to wait for the plugin's answer, e.g. 30s, 2m, 10m (default: ${DEFAULT-VALUE};"
                    + " destroying a large group takes a while).")
    String timeout = "2m";

    /**
     * The plugin to address: the one named, else the manager when its socket exists (or the daemon
     * is remote: a remote daemon is a manager), else the raw controller. Going through the manager
     * matters: it stores what is committed or scaled, so a restart does not undo it.
     */
    String resolve(io.infrakit.cli.CliEnv env) {
        if (name != null && !name.isBlank()) {
            return name;
        }
        if (env.remote() != null || java.nio.file.Files.exists(env.paths().socket(MANAGER_PLUGIN))) {
            return MANAGER_PLUGIN;
        }
        return STATELESS_PLUGIN;
    }

    Duration timeout() {
        try {
            Duration d = GoDuration.parse(timeout);
            if (d.isZero()) {
                throw new IllegalArgumentException("zero");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--timeout '" + timeout + "' is not a duration such as 30s, 2m or 1h30m");
        }
    }
}

package io.infrakit.cli.group;

import io.infrakit.cli.BadInputException;
import io.infrakit.core.group.GoDuration;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --plugin NAME} and {@code --timeout}: which group controller a group command talks to, and how patiently. */
public final class GroupTarget {

    /**
     * The default group controller. InfraKit's raw group plugin socket today; the manager (socket
     * {@code group}) becomes the default once it exists: change it here only.
     */
    public static final String DEFAULT_PLUGIN = "group-stateless";

    @Option(names = {"--plugin", "--name"}, paramLabel = "NAME", defaultValue = DEFAULT_PLUGIN,
            description = "Group plugin to talk to (default: ${DEFAULT-VALUE}).")
    String name = DEFAULT_PLUGIN;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m",
            description = "How long to wait for the plugin's answer, e.g. 30s, 2m, 10m (default: ${DEFAULT-VALUE};"
                    + " destroying a large group takes a while).")
    String timeout = "2m";

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

package io.infrakit.cli.instance;

import io.infrakit.cli.BadInputException;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --plugin NAME} and {@code --timeout}, shared by the instance commands. */
public final class PluginOption {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    @Option(names = {"--plugin", "--name"}, required = true, paramLabel = "NAME",
            description = "Instance plugin as lookup[/type], e.g. simulator/compute (socket simulator, object compute).")
    String name;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for the plugin's answer, e.g. 500ms, 10s, 2m (default: ${DEFAULT-VALUE}).")
    String timeout;

    Duration timeout() {
        Matcher m = DURATION.matcher(timeout.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new BadInputException("--timeout '" + timeout + "' is not a duration such as 500ms, 10s or 2m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }
}

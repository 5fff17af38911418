package io.infrakit.terraform;

import io.infrakit.spi.plugin.OptionValues;
import io.infrakit.spi.PluginException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the plugin runs Terraform: {@code --opt terraform.KEY=VALUE} (see {@link #DESCRIPTIONS}).
 *
 * @param command      the terraform executable, resolved to an absolute path
 * @param dir          the root of the working directories, one per group
 * @param applyTimeout how long one plan or apply may run
 * @param lockTimeout  how long a plan or apply waits for Terraform's state lock ({@code -lock-timeout})
 */
public record TerraformOptions(Path command, Path dir, Duration applyTimeout, Duration lockTimeout) {

    public static final String COMMAND = "command";
    public static final String DIR = "dir";
    public static final String APPLY_TIMEOUT = "apply-timeout";
    public static final String LOCK_TIMEOUT = "lock-timeout";

    public static final Map<String, String> DESCRIPTIONS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(COMMAND, "the terraform executable: a name looked up in PATH or a path (default terraform)");
        d.put(DIR, "root of the working directories, one per group (default $INFRAKIT_HOME/terraform)");
        d.put(APPLY_TIMEOUT, "duration (default 30m): how long one terraform init, plan or apply may run");
        d.put(LOCK_TIMEOUT, "duration (default 5m): how long a plan or apply waits for Terraform's state lock (-lock-timeout)");
        DESCRIPTIONS = java.util.Collections.unmodifiableMap(d);
    }

    /**
     * Reads the options; unknown keys and bad values are refused naming the option and the fix, and a
     * terraform missing from {@code env}'s PATH stops the start ({@link PluginException}) saying how to get it.
     */
    public static TerraformOptions parse(Map<String, String> options, Path home, Map<String, String> env) {
        OptionValues values = new OptionValues("terraform", options, "90s or 30m", "5m");
        values.refuseUnknown(DESCRIPTIONS.keySet());
        Duration applyTimeout = values.duration(APPLY_TIMEOUT, Duration.ofMinutes(30));
        Duration lockTimeout = values.duration(LOCK_TIMEOUT, Duration.ofMinutes(5));
        String name = options.getOrDefault(COMMAND, "terraform");
        Path command = resolve(name, env).orElse(null);
        if (command == null && name.contains("/")) {
            throw new IllegalArgumentException("terraform option command='" + name + "' is not an executable file; install Terraform or fix the path");
        }
        if (command == null) {
            // Not bad input: this machine lacks the tool. The start fails (exit 1) and says how to get it.
            throw new PluginException("'" + name + "' is not on PATH (" + env.getOrDefault("PATH", "") + "); install Terraform"
                    + " (https://developer.hashicorp.com/terraform/install) or give its path with --opt terraform.command=/path/to/terraform");
        }
        Path dir = options.containsKey(DIR) ? Path.of(options.get(DIR)).toAbsolutePath() : home.resolve("terraform").toAbsolutePath();
        return new TerraformOptions(command, dir, applyTimeout, lockTimeout);
    }

    /** A name with a slash is a path; a bare name is looked up in PATH, like a shell does. */
    static Optional<Path> resolve(String name, Map<String, String> env) {
        if (name.contains("/")) {
            Path p = Path.of(name).toAbsolutePath();
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p.toAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }
}

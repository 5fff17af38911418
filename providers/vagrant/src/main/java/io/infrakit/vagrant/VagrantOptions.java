package io.infrakit.vagrant;

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
 * How the plugin runs Vagrant: {@code --opt vagrant.KEY=VALUE} (see {@link #DESCRIPTIONS}).
 *
 * @param command        the vagrant executable, resolved to an absolute path
 * @param dir            where the instances' folders are made
 * @param vagrantHome    VAGRANT_HOME for every call (null: Vagrant's default, ~/.vagrant.d)
 * @param upTimeout      how long one vagrant up may run
 * @param initTimeout    how long the Init may run (docker-exec or the shell provisioner)
 * @param commandTimeout how long destroy, global-status and the like may run
 */
public record VagrantOptions(Path command, Path dir, Path vagrantHome, Duration upTimeout, Duration initTimeout,
                             Duration commandTimeout) {

    public static final String COMMAND = "command";
    public static final String DIR = "dir";
    public static final String VAGRANT_HOME = "vagrant-home";
    public static final String UP_TIMEOUT = "up-timeout";
    public static final String INIT_TIMEOUT = "init-timeout";
    public static final String COMMAND_TIMEOUT = "command-timeout";

    public static final Map<String, String> DESCRIPTIONS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(COMMAND, "the vagrant executable: a name looked up in PATH or a path (default vagrant)");
        d.put(DIR, "folder of the instances' Vagrant environments (default $INFRAKIT_HOME/vagrant)");
        d.put(VAGRANT_HOME, "VAGRANT_HOME for every vagrant call: boxes and the global machine index (default Vagrant's, ~/.vagrant.d)");
        d.put(UP_TIMEOUT, "duration (default 15m): how long one vagrant up may run before it is killed and the instance marked failed");
        d.put(INIT_TIMEOUT, "duration (default 10m): how long the Init may run");
        d.put(COMMAND_TIMEOUT, "duration (default 5m): how long vagrant destroy and vagrant global-status may run");
        DESCRIPTIONS = java.util.Collections.unmodifiableMap(d);
    }

    public VagrantOptions withDir(Path newDir) {
        return new VagrantOptions(command, newDir, vagrantHome, upTimeout, initTimeout, commandTimeout);
    }

    /**
     * Reads the options; unknown keys and bad values are refused naming the option and the fix, and
     * a vagrant missing from {@code env}'s PATH stops the start ({@link PluginException}) saying how to install it.
     */
    public static VagrantOptions parse(Map<String, String> options, Path home, Map<String, String> env) {
        OptionValues values = new OptionValues("vagrant", options, "90s or 15m", "15m");
        values.refuseUnknown(DESCRIPTIONS.keySet());
        String name = options.getOrDefault(COMMAND, "vagrant");
        Path command = resolve(name, env).orElse(null);
        if (command == null && name.contains("/")) {
            throw new IllegalArgumentException("vagrant option command='" + name + "' is not an executable file;"
                    + " install Vagrant (Debian: apt-get install vagrant) or fix the path");
        }
        if (command == null) {
            // Not bad input: this machine lacks the tool. The start fails (exit 1) and says how to get it.
            throw new PluginException("'" + name + "' is not on PATH (" + env.getOrDefault("PATH", "") + "); install Vagrant"
                    + " (Debian: apt-get install vagrant) or give its path with --opt vagrant.command=/path/to/vagrant");
        }
        Path dir = options.containsKey(DIR) ? Path.of(options.get(DIR)).toAbsolutePath() : home.resolve("vagrant").toAbsolutePath();
        Path vagrantHome = options.containsKey(VAGRANT_HOME) ? Path.of(options.get(VAGRANT_HOME)).toAbsolutePath() : null;
        return new VagrantOptions(command, dir, vagrantHome,
                values.duration(UP_TIMEOUT, Duration.ofMinutes(15)),
                values.duration(INIT_TIMEOUT, Duration.ofMinutes(10)),
                values.duration(COMMAND_TIMEOUT, Duration.ofMinutes(5)));
    }

    /** A name with a slash is a path; a bare name is looked up in PATH, like a shell does. */
    static Optional<Path> resolve(String name, Map<String, String> env) {
        if (name.contains("/")) {
            Path p = Path.of(name).toAbsolutePath();
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}

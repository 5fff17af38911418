package io.infrakit.docker;

import io.infrakit.spi.GoDuration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the plugin reaches and treats the engine.
 *
 * @param host        engine address ({@code unix:///var/run/docker.sock}, {@code tcp://host:2376})
 * @param stopTimeout how long Destroy lets a container stop before the engine kills it
 * @param initTimeout how long Provision waits for the Init script
 * @param pull        whether a missing image is pulled (false: fail at once with how to load it)
 * @param pullTimeout how long a pull may take
 * @param labelFile   where tags added after creation are kept (Docker labels are immutable); null: memory only
 */
public record DockerSettings(String host, Duration stopTimeout, Duration initTimeout, boolean pull,
                             Duration pullTimeout, Path labelFile) {

    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    /** Option keys, with help, as {@code infrakit plugin start docker --opt docker.KEY=VALUE} takes them. */
    public static final Map<String, String> OPTIONS = ordered(
            "host", "engine address; default $DOCKER_HOST, else " + DEFAULT_HOST,
            "stop-timeout", "time a container gets to stop on Destroy before it is killed (default 10s)",
            "init-timeout", "time the Init script may run after start (default 5m)",
            "pull", "pull an image missing from the engine: true (default) or false",
            "pull-timeout", "time a pull may take (default 2m)");

    private static Map<String, String> ordered(String... keysAndHelp) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndHelp.length; i += 2) {
            m.put(keysAndHelp[i], keysAndHelp[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    public DockerSettings {
        if (host == null || host.isBlank()) {
            host = defaultHost(System.getenv());
        }
        stopTimeout = stopTimeout == null ? Duration.ofSeconds(10) : stopTimeout;
        initTimeout = initTimeout == null ? Duration.ofMinutes(5) : initTimeout;
        pullTimeout = pullTimeout == null ? Duration.ofMinutes(2) : pullTimeout;
    }

    /** Defaults everywhere, DOCKER_HOST respected, no label file. */
    public static DockerSettings defaults() {
        return new DockerSettings(null, null, null, true, null, null);
    }

    public DockerSettings withHost(String newHost) {
        return new DockerSettings(newHost, stopTimeout, initTimeout, pull, pullTimeout, labelFile);
    }

    public DockerSettings withStopTimeout(Duration d) {
        return new DockerSettings(host, d, initTimeout, pull, pullTimeout, labelFile);
    }

    public DockerSettings withInitTimeout(Duration d) {
        return new DockerSettings(host, stopTimeout, d, pull, pullTimeout, labelFile);
    }

    public DockerSettings withPull(boolean newPull, Duration timeout) {
        return new DockerSettings(host, stopTimeout, initTimeout, newPull, timeout, labelFile);
    }

    public DockerSettings withLabelFile(Path file) {
        return new DockerSettings(host, stopTimeout, initTimeout, pull, pullTimeout, file);
    }

    static String defaultHost(Map<String, String> env) {
        String fromEnv = env.get("DOCKER_HOST");
        return fromEnv == null || fromEnv.isBlank() ? DEFAULT_HOST : fromEnv;
    }

    /** Reads the plugin options; a bad value is refused naming the option and the fix. */
    public static DockerSettings fromOptions(Map<String, String> options, Path labelFile) {
        for (String key : options.keySet()) {
            if (!OPTIONS.containsKey(key)) {
                throw new IllegalArgumentException("docker." + key + " is not an option of the docker plugin; it knows "
                        + new java.util.TreeSet<>(OPTIONS.keySet()));
            }
        }
        String pull = options.getOrDefault("pull", "true");
        if (!pull.equals("true") && !pull.equals("false")) {
            throw new IllegalArgumentException("docker.pull=" + pull + " must be true or false");
        }
        return new DockerSettings(options.get("host"),
                duration(options, "stop-timeout"), duration(options, "init-timeout"),
                Boolean.parseBoolean(pull), duration(options, "pull-timeout"), labelFile);
    }

    /**
     * A duration in the project's one grammar (spi GoDuration: {@code 500ms}, {@code 10s},
     * {@code 1m30s}, {@code 1h}); a bare whole number is still read as seconds, as these options
     * were documented before they took durations.
     */
    static Duration duration(Map<String, String> options, String key) {
        String text = options.get(key);
        if (text == null) {
            return null;
        }
        try {
            return GoDuration.parseWithBareSeconds(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("docker." + key + "=" + text
                    + " is not a duration; write e.g. 500ms, 10s, 5m or 1h");
        }
    }
}

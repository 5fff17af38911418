package io.infrakit.docker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fields of the Docker Engine API's container {@code Config} and {@code HostConfig} (API 1.41,
 * the engine Debian ships), with their JSON types. Users write these objects with the engine's own
 * names; we pass them through untouched and only check names and types, so that a typo is refused
 * at validation time instead of being silently ignored by the engine.
 */
final class EngineApiSchema {

    /** A JSON type as the engine decodes it. */
    sealed interface Type permits Scalar, Obj {
    }

    enum Scalar implements Type {
        STRING("a string"),
        BOOLEAN("true or false"),
        INTEGER("an integer"),
        /** Go's strslice: a list of strings, or one string. */
        STRINGS("a list of strings"),
        STRING_MAP("an object of string values"),
        /** Free-form object (e.g. ExposedPorts, PortBindings): checked by the engine. */
        OBJECT("an object"),
        /** Free-form list (e.g. Mounts, Devices): checked by the engine. */
        ARRAY("a list");

        final String description;

        Scalar(String description) {
            this.description = description;
        }
    }

    /** An object whose fields are known. {@code enumValues} restricts a STRING field, by field name. */
    record Obj(Map<String, Type> fields, Map<String, Set<String>> enumValues, Map<String, String> hints) implements Type {
    }

    static final Obj HEALTHCHECK = new Obj(fields(
            "Test", Scalar.STRINGS, "Interval", Scalar.INTEGER, "Timeout", Scalar.INTEGER,
            "Retries", Scalar.INTEGER, "StartPeriod", Scalar.INTEGER),
            Map.of(), Map.of("Interval", "nanoseconds, e.g. 5000000000 for 5 s",
                    "Timeout", "nanoseconds", "StartPeriod", "nanoseconds"));

    static final Obj CONFIG = new Obj(fields(
            "Hostname", Scalar.STRING, "Domainname", Scalar.STRING, "User", Scalar.STRING,
            "AttachStdin", Scalar.BOOLEAN, "AttachStdout", Scalar.BOOLEAN, "AttachStderr", Scalar.BOOLEAN,
            "ExposedPorts", Scalar.OBJECT, "Tty", Scalar.BOOLEAN, "OpenStdin", Scalar.BOOLEAN,
            "StdinOnce", Scalar.BOOLEAN, "Env", Scalar.STRINGS, "Cmd", Scalar.STRINGS,
            "Healthcheck", HEALTHCHECK, "ArgsEscaped", Scalar.BOOLEAN, "Image", Scalar.STRING,
            "Volumes", Scalar.OBJECT, "WorkingDir", Scalar.STRING, "Entrypoint", Scalar.STRINGS,
            "NetworkDisabled", Scalar.BOOLEAN, "MacAddress", Scalar.STRING, "OnBuild", Scalar.STRINGS,
            "Labels", Scalar.STRING_MAP, "StopSignal", Scalar.STRING, "StopTimeout", Scalar.INTEGER,
            "Shell", Scalar.STRINGS),
            Map.of(), Map.of("StopTimeout", "seconds", "Env", "e.g. [\"KEY=value\"]"));

    static final Obj RESTART_POLICY = new Obj(fields("Name", Scalar.STRING, "MaximumRetryCount", Scalar.INTEGER),
            Map.of("Name", Set.of("", "no", "always", "unless-stopped", "on-failure")), Map.of());

    static final Obj LOG_CONFIG = new Obj(fields("Type", Scalar.STRING, "Config", Scalar.STRING_MAP), Map.of(), Map.of());

    static final Obj HOST_CONFIG = new Obj(fields(
            "CpuShares", Scalar.INTEGER, "Memory", Scalar.INTEGER, "CgroupParent", Scalar.STRING,
            "BlkioWeight", Scalar.INTEGER, "BlkioWeightDevice", Scalar.ARRAY,
            "BlkioDeviceReadBps", Scalar.ARRAY, "BlkioDeviceWriteBps", Scalar.ARRAY,
            "BlkioDeviceReadIOps", Scalar.ARRAY, "BlkioDeviceWriteIOps", Scalar.ARRAY,
            "CpuPeriod", Scalar.INTEGER, "CpuQuota", Scalar.INTEGER, "CpuRealtimePeriod", Scalar.INTEGER,
            "CpuRealtimeRuntime", Scalar.INTEGER, "CpusetCpus", Scalar.STRING, "CpusetMems", Scalar.STRING,
            "Devices", Scalar.ARRAY, "DeviceCgroupRules", Scalar.STRINGS, "DeviceRequests", Scalar.ARRAY,
            "KernelMemory", Scalar.INTEGER, "KernelMemoryTCP", Scalar.INTEGER,
            "MemoryReservation", Scalar.INTEGER, "MemorySwap", Scalar.INTEGER,
            "MemorySwappiness", Scalar.INTEGER, "NanoCpus", Scalar.INTEGER, "OomKillDisable", Scalar.BOOLEAN,
            "Init", Scalar.BOOLEAN, "PidsLimit", Scalar.INTEGER, "Ulimits", Scalar.ARRAY,
            "CpuCount", Scalar.INTEGER, "CpuPercent", Scalar.INTEGER, "IOMaximumIOps", Scalar.INTEGER,
            "IOMaximumBandwidth", Scalar.INTEGER, "Binds", Scalar.STRINGS, "ContainerIDFile", Scalar.STRING,
            "LogConfig", LOG_CONFIG, "NetworkMode", Scalar.STRING, "PortBindings", Scalar.OBJECT,
            "RestartPolicy", RESTART_POLICY, "AutoRemove", Scalar.BOOLEAN, "VolumeDriver", Scalar.STRING,
            "VolumesFrom", Scalar.STRINGS, "Mounts", Scalar.ARRAY, "CapAdd", Scalar.STRINGS,
            "CapDrop", Scalar.STRINGS, "CgroupnsMode", Scalar.STRING, "Dns", Scalar.STRINGS,
            "DnsOptions", Scalar.STRINGS, "DnsSearch", Scalar.STRINGS, "ExtraHosts", Scalar.STRINGS,
            "GroupAdd", Scalar.STRINGS, "IpcMode", Scalar.STRING, "Cgroup", Scalar.STRING,
            "Links", Scalar.STRINGS, "OomScoreAdj", Scalar.INTEGER, "PidMode", Scalar.STRING,
            "Privileged", Scalar.BOOLEAN, "PublishAllPorts", Scalar.BOOLEAN, "ReadonlyRootfs", Scalar.BOOLEAN,
            "SecurityOpt", Scalar.STRINGS, "StorageOpt", Scalar.STRING_MAP, "Tmpfs", Scalar.STRING_MAP,
            "UTSMode", Scalar.STRING, "UsernsMode", Scalar.STRING, "ShmSize", Scalar.INTEGER,
            "Sysctls", Scalar.STRING_MAP, "Runtime", Scalar.STRING, "ConsoleSize", Scalar.ARRAY,
            "Isolation", Scalar.STRING, "MaskedPaths", Scalar.STRINGS, "ReadonlyPaths", Scalar.STRINGS),
            Map.of(),
            Map.of("Memory", "bytes, e.g. 268435456 for 256 MiB", "MemorySwap", "bytes, -1 for unlimited",
                    "MemoryReservation", "bytes", "ShmSize", "bytes", "NanoCpus", "billionths of a CPU, e.g. 500000000 for half a CPU",
                    "Binds", "e.g. [\"/host/path:/container/path:ro\"]"));

    /** One entry of {@code NetworkAttachments}: an existing network, by Name or ID (InfraKit's NetworkResource). */
    static final Obj NETWORK_ATTACHMENT = new Obj(fields(
            "Name", Scalar.STRING, "ID", Scalar.STRING, "Id", Scalar.STRING, "Aliases", Scalar.STRINGS),
            Map.of(), Map.of());

    /** The plugin's Properties. */
    static final Obj PROPERTIES = new Obj(fields(
            "Tags", Scalar.STRING_MAP, "Config", CONFIG, "HostConfig", HOST_CONFIG,
            "NetworkAttachments", Scalar.ARRAY),
            Map.of(), Map.of());

    private EngineApiSchema() {
    }

    /** {@link #PROPERTIES} for {@code infrakit explain docker}: the same tree Validate checks against. */
    static io.infrakit.spi.schema.Field asField() {
        return new io.infrakit.spi.schema.Field("docker", "object", false, null,
                "The docker plugin's instance Properties (in a group's Instance section): the Docker Engine API's container"
                        + " Config and HostConfig under the engine's own names (API 1.41), plus Tags and NetworkAttachments."
                        + " Config.Image is required.", children(PROPERTIES));
    }

    private static final Map<String, String> TOP_LEVEL = Map.of(
            "Tags", "Labels set on the container besides the group's infrakit.* ones.",
            "Config", "The engine's container Config (Image, Cmd, Env, ...); Config.Image is required.",
            "HostConfig", "The engine's HostConfig (Memory, NanoCpus, Binds, PortBindings, RestartPolicy, ...).",
            "NetworkAttachments", "Existing networks to connect: [{\"Name\": \"net\"}] (by Name or ID, with Aliases).");

    private static java.util.List<io.infrakit.spi.schema.Field> children(Obj obj) {
        java.util.List<io.infrakit.spi.schema.Field> out = new java.util.ArrayList<>();
        obj.fields().forEach((name, type) -> {
            StringBuilder words = new StringBuilder(obj == PROPERTIES ? TOP_LEVEL.getOrDefault(name, "") : obj.hints().getOrDefault(name, ""));
            if (obj.enumValues().containsKey(name)) {
                words.append(words.isEmpty() ? "" : "; ").append("one of ").append(new java.util.TreeSet<>(obj.enumValues().get(name)));
            }
            if (type instanceof Obj inner) {
                out.add(new io.infrakit.spi.schema.Field(name, "object", false, null, words.toString(), children(inner)));
            } else {
                String typeName = switch ((Scalar) type) {
                    case STRING -> "string";
                    case BOOLEAN -> "boolean";
                    case INTEGER -> "integer";
                    case STRINGS -> "list of string (or one string)";
                    case STRING_MAP -> "map of string";
                    case OBJECT -> "object (checked by the engine)";
                    case ARRAY -> "list (checked by the engine)";
                };
                out.add(new io.infrakit.spi.schema.Field(name, typeName,
                        name.equals("Image") && obj == CONFIG, null, words.toString(), java.util.List.of()));
            }
        });
        return out;
    }

    private static Map<String, Type> fields(Object... namesAndTypes) {
        Map<String, Type> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            m.put((String) namesAndTypes[i], (Type) namesAndTypes[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}

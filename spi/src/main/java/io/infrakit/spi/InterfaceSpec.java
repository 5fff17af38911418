package io.infrakit.spi;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An RPC interface name and version as InfraKit's handshake spells it, e.g. {@code Instance/0.6.1}. */
public record InterfaceSpec(@JsonProperty("Name") String name, @JsonProperty("Version") String version) {

    public static final InterfaceSpec INSTANCE = new InterfaceSpec("Instance", "0.6.1");
    public static final InterfaceSpec FLAVOR = new InterfaceSpec("Flavor", "0.1.1");
    public static final InterfaceSpec GROUP = new InterfaceSpec("Group", "0.1.1");
    public static final InterfaceSpec CONTROLLER = new InterfaceSpec("Controller", "0.1.1");
    public static final InterfaceSpec METADATA = new InterfaceSpec("Metadata", "0.1.1");

    /** Parses {@code Name/Version}. */
    public static InterfaceSpec parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("interface '" + text + "' is not of the form Name/Version, e.g. Instance/0.6.1");
        }
        return new InterfaceSpec(text.substring(0, slash), text.substring(slash + 1));
    }

    // equals and hashCode written out: a record's generated ones are bound by invokedynamic on first use, and the
    // first comparison of specs runs while a daemon starts, where that bootstrap cost ~10 ms (docs/performance.md,
    // "Start, fourth pass").
    @Override
    public boolean equals(Object o) {
        return o instanceof InterfaceSpec other && java.util.Objects.equals(name, other.name)
                && java.util.Objects.equals(version, other.version);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hashCode(name) + java.util.Objects.hashCode(version);
    }

    @Override
    public String toString() {
        return name + "/" + version;
    }
}

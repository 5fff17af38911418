package io.infrakit.vsphere;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * The {@code Properties} of a group's Instance section for plugin {@code vsphere}: InfraKit's
 * vSphere plugin's names (its JSON works as written). Either {@code Template} (a template or VM
 * to clone) or {@code ISOPath} (a new VM booting an ISO, sized by {@code Memory} and
 * {@code CPUs}). Bound strictly: an unknown field is refused.
 */
public record VsphereProperties(
        @JsonProperty("Datacenter") String datacenter,
        @JsonProperty("Datastore") String datastore,
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Cluster") String cluster,
        @JsonProperty("Network") String network,
        @JsonProperty("Template") String template,
        @JsonProperty("ISOPath") @JsonAlias("isoPath") String isoPath,
        @JsonProperty("Memory") Integer memory,
        @JsonProperty("CPUs") Integer cpus,
        @JsonProperty("PowerOn") Boolean powerOn,
        @JsonProperty("Annotation") String annotation,
        @JsonProperty("vmPrefix") String vmPrefix,
        @JsonProperty("Tags") Map<String, String> tags,
        @JsonProperty("GuestUser") String guestUser,
        @JsonProperty("GuestPassword") String guestPassword) {

    public VsphereProperties {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    static final int DEFAULT_MEMORY_MB = 512;
    static final int DEFAULT_CPUS = 1;

    /** Hides GuestPassword: properties may be logged. */
    @Override
    public String toString() {
        return "VsphereProperties[Datacenter=" + datacenter + ", Datastore=" + datastore + ", Template=" + template + ", ISOPath=" + isoPath
                + (guestUser == null ? "" : ", GuestUser=" + guestUser + ", GuestPassword=****") + "]";
    }

    boolean poweredOn() {
        return Boolean.TRUE.equals(powerOn);
    }
}

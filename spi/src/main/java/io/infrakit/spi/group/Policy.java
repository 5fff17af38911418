package io.infrakit.spi.group;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Our own optional {@code Policy} section of a group's properties (InfraKit has none; its clients
 * ignore it). Every field is optional: null means "the controller's default". Durations are Go-style
 * strings ({@code 30s}, {@code 10m}, {@code 1h30m}); {@code MaxUnhealthy} is a count ({@code 3}) or a
 * percentage of the group size ({@code 40%}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"MaxSurge", "MaxUnavailable", "HealthyTimeout", "UnhealthyGrace", "MaxUnhealthy",
        "MaxInstances", "PollInterval", "ProvisionTimeout", "Autoscale"})
public record Policy(
        /** Extra instances allowed above the size during a rolling update (default 1; 0 for LogicalIDs). */
        @JsonProperty("MaxSurge") Integer maxSurge,
        /** Instances allowed below the size (healthy) during a rolling update (default 0; 1 for LogicalIDs). */
        @JsonProperty("MaxUnavailable") Integer maxUnavailable,
        /** How long new members of a rolling update may take to turn healthy before the update pauses (default 10m). */
        @JsonProperty("HealthyTimeout") String healthyTimeout,
        /** How long a member may stay unhealthy before it is replaced (default 2m). */
        @JsonProperty("UnhealthyGrace") String unhealthyGrace,
        /** Above this many unhealthy members at once, replacement stops (default 40%). */
        @JsonProperty("MaxUnhealthy") String maxUnhealthy,
        /** Hard cap on instances of the group, in-flight provisions included (default none). */
        @JsonProperty("MaxInstances") Integer maxInstances,
        /** How often the group is observed (default: the controller's, 10s). */
        @JsonProperty("PollInterval") String pollInterval,
        /** How long a provisioned instance may take to become visible before it is written off (default 10m). */
        @JsonProperty("ProvisionTimeout") String provisionTimeout,
        /**
         * Target tracking on a Prometheus query ({@code Query, Target, Min, Max, MaxStep, ...}), carried
         * out by the autoscale controller, not the group controller (default none; see docs/traffic.md).
         */
        @JsonProperty("Autoscale") com.fasterxml.jackson.databind.JsonNode autoscale) {

    /** A policy with every field at its default. */
    public static final Policy DEFAULTS = new Policy(null, null, null, null, null, null, null, null, null);
}

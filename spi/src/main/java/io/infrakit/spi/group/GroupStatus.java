package io.infrakit.spi.group;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a group controller is doing and why, beyond InfraKit's {@code Converged}: counts, a paused
 * rolling update, stopped remediation, provisioning backoff, the last error. Sent as the optional
 * {@code Status} member of a {@link GroupDescription}; InfraKit clients ignore it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"Desired", "Running", "Healthy", "Unhealthy", "Provisioning", "Destroying", "Outdated",
        "Converged", "UpdatePaused", "RemediationStopped", "ProvisionFailures", "BackoffUntil", "LastError", "Message"})
public record GroupStatus(
        @JsonProperty("Desired") int desired,
        @JsonProperty("Running") int running,
        @JsonProperty("Healthy") int healthy,
        @JsonProperty("Unhealthy") int unhealthy,
        @JsonProperty("Provisioning") int provisioning,
        @JsonProperty("Destroying") int destroying,
        /** Members whose config hash differs from the spec's: a rolling update is in progress while > 0. */
        @JsonProperty("Outdated") int outdated,
        @JsonProperty("Converged") boolean converged,
        /** Why the rolling update is paused, or null. */
        @JsonProperty("UpdatePaused") String updatePaused,
        /** Why replacement of unhealthy members is stopped, or null. */
        @JsonProperty("RemediationStopped") String remediationStopped,
        @JsonProperty("ProvisionFailures") int provisionFailures,
        /** RFC 3339 time before which no provision is attempted, or null. */
        @JsonProperty("BackoffUntil") String backoffUntil,
        @JsonProperty("LastError") String lastError,
        /** One line for people: what the controller is doing now. */
        @JsonProperty("Message") String message) {
}

package io.infrakit.spi.loadbalancer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Duration;

/**
 * InfraKit's {@code loadbalancer.HealthCheck}: probe the backends on {@code BackendPort} every
 * {@code Interval}; {@code Healthy} successes in a row make a backend healthy, {@code Unhealthy}
 * failures in a row take it out. Durations are Go's {@code time.Duration} on the wire: nanoseconds.
 */
@JsonPropertyOrder({"BackendPort", "Healthy", "Unhealthy", "Interval", "Timeout"})
public record HealthCheck(
        @JsonProperty("BackendPort") int backendPort,
        @JsonProperty("Healthy") int healthy,
        @JsonProperty("Unhealthy") int unhealthy,
        @JsonProperty("Interval") long intervalNanos,
        @JsonProperty("Timeout") long timeoutNanos) {

    public static HealthCheck of(int backendPort, int healthy, int unhealthy, Duration interval, Duration timeout) {
        return new HealthCheck(backendPort, healthy, unhealthy, interval.toNanos(), timeout.toNanos());
    }

    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    public Duration timeout() {
        return Duration.ofNanos(timeoutNanos);
    }
}

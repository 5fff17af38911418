package io.infrakit.docker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.github.dockerjava.api.model.Container;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What DescribeInstances reports in {@code Properties} when asked for them. Names follow the
 * Engine API's container list.
 *
 * @param name        container name (for cattle, the engine's generated one)
 * @param state       created, running, paused, restarting
 * @param status      the engine's human status, e.g. {@code Up 3 minutes (healthy)}
 * @param health      healthy, unhealthy or starting when the image or Config has a Healthcheck
 * @param ipAddresses IP address by network name
 * @param created     creation time, ISO-8601
 */
@JsonPropertyOrder({"Name", "State", "Status", "Health", "Image", "ImageID", "IPAddresses", "Created"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerProperties(
        @JsonProperty("Name") String name,
        @JsonProperty("State") String state,
        @JsonProperty("Status") String status,
        @JsonProperty("Health") String health,
        @JsonProperty("Image") String image,
        @JsonProperty("ImageID") String imageId,
        @JsonProperty("IPAddresses") Map<String, String> ipAddresses,
        @JsonProperty("Created") String created) {

    /** The health the engine shows in a container's status text, or null. */
    static String healthFromStatus(String status) {
        if (status == null) {
            return null;
        }
        if (status.contains("(unhealthy)")) {
            return "unhealthy";
        }
        if (status.contains("(healthy)")) {
            return "healthy";
        }
        if (status.contains("(health: starting)")) {
            return "starting";
        }
        return null;
    }

    /** What the engine's container list says of one container. */
    static ContainerProperties of(Container c) {
        Map<String, String> ips = new TreeMap<>();
        if (c.getNetworkSettings() != null && c.getNetworkSettings().getNetworks() != null) {
            c.getNetworkSettings().getNetworks().forEach((net, n) -> {
                if (n.getIpAddress() != null && !n.getIpAddress().isEmpty()) {
                    ips.put(net, n.getIpAddress());
                }
            });
        }
        String name = c.getNames() == null || c.getNames().length == 0 ? null : c.getNames()[0].replaceFirst("^/", "");
        String created = c.getCreated() == null ? null : Instant.ofEpochSecond(c.getCreated()).toString();
        return new ContainerProperties(name, c.getState(), c.getStatus(), healthFromStatus(c.getStatus()),
                c.getImage(), c.getImageId(), ips, created);
    }
}

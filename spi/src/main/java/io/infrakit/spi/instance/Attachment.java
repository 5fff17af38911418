package io.infrakit.spi.instance;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Something attached to an instance when it is provisioned (a volume, a network interface, ...). */
public record Attachment(@JsonProperty("ID") String id, @JsonProperty("Type") String type) {
}

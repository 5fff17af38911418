package io.infrakit.spi.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/**
 * One event on InfraKit's {@code Event/0.1.0} interface, in its JSON shape: the {@code Topic} it was
 * published to (a path such as {@code group/workers/PROVISIONED}), its {@code Type}, a unique
 * {@code ID}, when it happened ({@code Timestamp}, RFC 3339) and an application payload ({@code Data}).
 *
 * @param sequence the publisher's cursor: a subscriber asks for events after the last one it saw
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"Topic", "Type", "ID", "Timestamp", "Data"})
public record TopicEvent(@JsonProperty("Topic") String topic,
                         @JsonProperty("Type") String type,
                         @JsonProperty("ID") String id,
                         @JsonProperty("Timestamp") String timestamp,
                         @JsonProperty("Data") Map<String, Object> data,
                         @com.fasterxml.jackson.annotation.JsonIgnore long sequence) {
}

package io.infrakit.spi.group;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * InfraKit's rolling-update settings: {@code Count} instances healthy for {@code Duration} before the
 * next one; {@code SkipBeforeInstanceDestroy: "drain"} skips the flavor's Drain.
 */
@JsonPropertyOrder({"Duration", "Count", "SkipBeforeInstanceDestroy"})
public record Updating(
        @JsonProperty("Duration") String duration,
        @JsonProperty("Count") int count,
        @JsonProperty("SkipBeforeInstanceDestroy") String skipBeforeInstanceDestroy) {

    public static final Updating DEFAULT = new Updating("0s", 0, null);

    public Updating {
        if (duration == null || duration.isBlank()) {
            duration = "0s";
        }
    }
}

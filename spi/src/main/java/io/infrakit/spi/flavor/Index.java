package io.infrakit.spi.flavor;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a new instance sits in its group: the group ID and a sequence number. */
public record Index(@JsonProperty("Group") String group, @JsonProperty("Sequence") long sequence) {
}

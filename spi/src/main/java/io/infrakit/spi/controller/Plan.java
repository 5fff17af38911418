package io.infrakit.spi.controller;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** What a controller would do for a commit: human-readable lines ({@code Message} on the wire). */
public record Plan(@JsonProperty("Message") List<String> message) {
}

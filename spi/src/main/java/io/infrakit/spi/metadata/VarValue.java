package io.infrakit.spi.metadata;

/** A stored value and its version (1 for the first write, one more per write). */
public record VarValue(String value, long version) {
}

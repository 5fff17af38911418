package io.infrakit.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.instance.CompactTags;
import io.infrakit.spi.instance.TagPool;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What instances of one simulator share: tag names and values through a bounded {@link TagPool},
 * and the last Properties kept, so that a group of 10,000 alike instances holds one copy of each.
 */
final class SharedValues {

    private final TagPool pool = new TagPool();
    private final AtomicReference<JsonNode> lastProperties = new AtomicReference<>();

    /**
     * Unmodifiable, sorted by key (Go writes map keys sorted, so our JSON reads like InfraKit's), and
     * compact ({@link CompactTags}).
     */
    Map<String, String> tags(Map<String, String> tags) {
        return CompactTags.of(tags, pool);
    }

    /** A copy of {@code properties} to keep, or the last one kept when equal (then nothing is copied). */
    JsonNode properties(JsonNode properties) {
        if (properties == null) {
            return null;
        }
        JsonNode last = lastProperties.get();
        if (properties.equals(last)) {
            return last;
        }
        JsonNode copy = properties.deepCopy();
        lastProperties.set(copy);
        return copy;
    }
}

package io.infrakit.core.group;

import io.infrakit.spi.instance.CompactTags;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.TagPool;

import java.util.Objects;

/**
 * What the ledger ({@link InFlight}) keeps of each observed member, for thousands of them between polls:
 * ID, logical ID and tags (compact, names and values shared through a bounded {@link TagPool}), no
 * Properties: an observation asks without them, and a plugin that sends them anyway must not make us keep
 * a JSON tree per member. Health checks learn addresses on their own ({@link HealthChecks}). Thread-safe.
 */
final class CompactMembers {

    private final TagPool tags = new TagPool();

    /**
     * The record to keep for {@code d}: {@code kept} (the record from the last poll) when nothing in it
     * changed, so a steady group allocates nothing here; {@code d} itself when already compact.
     */
    InstanceDescription of(InstanceDescription d, InstanceDescription kept) {
        if (kept == d) {
            return d;
        }
        if (kept != null && Objects.equals(kept.logicalId(), d.logicalId()) && Objects.equals(kept.tags(), d.tags())) {
            return kept;
        }
        if (d.properties() == null && (d.tags() == null || d.tags() instanceof CompactTags)) {
            return d;
        }
        return new InstanceDescription(d.id(), d.logicalId(), d.tags() == null ? null : CompactTags.of(d.tags(), tags),
                null);
    }

    /** The pool behind the records (for tests). */
    TagPool pool() {
        return tags;
    }
}

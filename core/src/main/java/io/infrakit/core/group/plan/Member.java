package io.infrakit.core.group.plan;

import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.instance.InstanceDescription;

import java.time.Instant;
import java.util.Map;

/**
 * An observed instance as the planner sees it: its tags (the group tag decides membership), its
 * health as last judged by the flavor, since when, how many healthy checks in a row, and since when
 * the controller knows it ({@code since}: when it was provisioned, or first seen).
 */
public record Member(String id, String logicalId, Map<String, String> tags, Health health, Instant healthSince,
                     int healthyStreak, Instant since) {

    public String group() {
        return tags == null ? null : tags.get(Tags.GROUP);
    }

    public String configHash() {
        return tags == null ? null : tags.get(Tags.CONFIG_HASH);
    }

    /** Scale-in protection: never destroyed by the planner ({@code infrakit instance protect}). */
    public boolean isProtected() {
        return tags != null && Tags.TRUE.equals(tags.get(Tags.PROTECTED));
    }

    /** On standby: kept, not counted as serving, not replaced ({@code infrakit instance standby}). */
    public boolean isStandby() {
        return tags != null && Tags.TRUE.equals(tags.get(Tags.STANDBY));
    }

    /** In the warm pool (Policy.WarmPool): stopped, not counted, never health-checked nor remediated. */
    public boolean isWarm() {
        return tags != null && Tags.TRUE.equals(tags.get(Tags.WARM));
    }

    /** The logical ID of a pet: reported by the plugin, or from our tag, or from InfraKit's legacy tag. */
    public static String logicalIdOf(InstanceDescription d) {
        if (d.logicalId() != null && !d.logicalId().isEmpty()) {
            return d.logicalId();
        }
        String t = d.tag(Tags.LOGICAL_ID);
        if (t == null || t.isEmpty()) {
            t = d.tag(Tags.LOGICAL_ID_LEGACY);
        }
        return t == null || t.isEmpty() ? null : t;
    }

    public Member withHealth(Health h, Instant healthSince, int healthyStreak) {
        return new Member(id, logicalId, tags, h, healthSince, healthyStreak, since);
    }
}

package io.infrakit.core.group.plan;

import io.infrakit.spi.flavor.Health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Policy.ScaleDown: which member a shrinking group gives up first, and the Balanced policy's evening
 * out of zones. Pure; {@code current} says whether a member runs the group's config.
 */
final class ScaleDownOrder {

    private ScaleDownOrder() {
    }

    /**
     * Which member goes first (Policy.ScaleDown). OldestConfigFirst, the default: outdated, then unhealthy,
     * unknown, healthy; then the newest; then by ID. OldestFirst and NewestFirst: unhealthy first (they
     * serve nobody), then by age. Balanced orders like OldestConfigFirst here; {@link #pick} evens out zones.
     */
    static Comparator<Member> comparator(GroupPolicy.ScaleDownOrder scaleDown, Predicate<Member> current) {
        Comparator<Member> byHealth = Comparator.comparingInt(m -> switch (m.health() == null ? Health.UNKNOWN : m.health()) {
            case UNHEALTHY -> 0;
            case UNKNOWN -> 1;
            case HEALTHY -> 2;
        });
        Comparator<Member> newestFirst = Comparator.comparing(m -> m.since() == null ? Instant.MIN : m.since(),
                Comparator.reverseOrder());
        Comparator<Member> order = switch (scaleDown) {
            case OLDEST_FIRST -> byHealth.thenComparing(m -> m.since() == null ? Instant.MIN : m.since());
            case NEWEST_FIRST -> byHealth.thenComparing(newestFirst);
            case OLDEST_CONFIG_FIRST, BALANCED -> Comparator.<Member>comparingInt(m -> current.test(m) ? 1 : 0)
                    .thenComparing(byHealth).thenComparing(newestFirst);
        };
        return order.thenComparing(Member::id);
    }

    /** The {@code k} members to remove when shrinking, in the policy's order; never a protected one. */
    static List<Member> pick(List<Member> candidates, int k, GroupPolicy.ScaleDownOrder scaleDown,
                             Predicate<Member> current) {
        List<Member> pool = new ArrayList<>();
        for (Member m : candidates) {
            if (!m.isProtected()) {
                pool.add(m);
            }
        }
        pool.sort(comparator(scaleDown, current));
        k = Math.max(0, Math.min(k, pool.size()));
        if (scaleDown != GroupPolicy.ScaleDownOrder.BALANCED) {
            return pool.subList(0, k);
        }
        // Balanced: take each next member from the zone that holds the most members (protected ones count).
        Map<String, Integer> zones = new java.util.TreeMap<>();
        for (Member m : candidates) {
            zones.merge(zoneOf(m), 1, Integer::sum);
        }
        List<Member> out = new ArrayList<>(k);
        while (out.size() < k) {
            String biggest = null;
            for (Member m : pool) {
                String z = zoneOf(m);
                if (biggest == null || zones.get(z) > zones.get(biggest)) {
                    biggest = z;
                }
            }
            for (var it = pool.iterator(); it.hasNext(); ) {
                Member m = it.next();
                if (zoneOf(m).equals(biggest)) {
                    out.add(m);
                    it.remove();
                    zones.merge(biggest, -1, Integer::sum);
                    break;
                }
            }
        }
        return out;
    }

    static String zoneOf(Member m) {
        String z = m.tags() == null ? null : m.tags().get(io.infrakit.spi.Tags.ZONE);
        return z == null ? "" : z;
    }
}

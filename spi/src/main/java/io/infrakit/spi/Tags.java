package io.infrakit.spi;

import java.util.Map;

/** The tags a group controller writes on every instance it creates (InfraKit's names). */
public final class Tags {
    /** The group ID. Nothing without it (matching) is ever destroyed by a group controller. */
    public static final String GROUP = "infrakit.group";
    /** Hash of the group's Instance and Flavor sections; a mismatch means the instance needs a rolling update. */
    public static final String CONFIG_HASH = "infrakit.config.hash";
    /** Logical ID of a pet. */
    public static final String LOGICAL_ID = "infrakit.logical_id";
    /** Spelling some InfraKit providers wrote instead of {@link #LOGICAL_ID}: read it, never write it. */
    public static final String LOGICAL_ID_LEGACY = "infrakit.logicalID";

    /**
     * Outcome of the Init script, for providers that run it themselves (Docker runs it with exec):
     * {@value #INIT_RUNNING} while it runs, then {@value #INIT_SUCCEEDED} or {@value #INIT_FAILED};
     * absent when the provider does not know. The vanilla flavor judges health by it.
     */
    public static final String INIT_STATUS = "infrakit.init.status";
    public static final String INIT_RUNNING = "running";
    public static final String INIT_SUCCEEDED = "succeeded";
    public static final String INIT_FAILED = "failed";

    /**
     * Member roles an operator sets with Label ({@code infrakit instance protect|standby}), value {@value #TRUE}.
     * A protected member is never destroyed by scale-down, remediation or a rolling update; a standby
     * member is kept, not counted as serving and not replaced.
     */
    public static final String PROTECTED = "infrakit.protected";
    public static final String STANDBY = "infrakit.standby";
    /** Set on an instance that left its group ({@code infrakit instance detach}): the group it left. */
    public static final String DETACHED = "infrakit.detached";
    /** Placement of a member, for Policy.ScaleDown Balanced (written by a provider or a flavor). */
    public static final String ZONE = "infrakit.zone";
    /**
     * A member of the group's warm pool (Policy.WarmPool), value {@value #TRUE}: stopped (or being
     * prepared), not counted in the size, never health-checked nor remediated; started on scale-up.
     */
    public static final String WARM = "infrakit.warm";
    public static final String TRUE = "true";

    private Tags() {
    }

    /** True when {@code tags} holds every entry of {@code wanted} (InfraKit's DescribeInstances filter). */
    public static boolean containsAll(Map<String, String> tags, Map<String, String> wanted) {
        if (wanted == null || wanted.isEmpty()) {
            return true;
        }
        if (tags == null) {
            return false;
        }
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!e.getValue().equals(tags.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}

package io.infrakit.core.group;

import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.InstanceDescription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The end of a group (DestroyGroup): every member destroyed, those still being provisioned included. */
final class GroupTeardown {

    private GroupTeardown() {
    }

    /** What {@link #destroyAll} did: how many members it destroyed, and what failed. */
    record Destroyed(int members, List<String> failures) {
    }

    /**
     * After {@link GroupController#stop()}: destroys every member. It waits (up to {@code drainMax}) for provision
     * calls still running, which would otherwise land after the destroys as orphans, then reads the group afresh
     * rather than trusting the last observation, so that members that appeared since are not left behind either.
     */
    static Destroyed destroyAll(GroupController controller, Duration drainMax) {
        String id = controller.id();
        List<String> notVisibleYet = new ArrayList<>(controller.drainProvisions(drainMax));
        List<InstanceDescription> members = new ArrayList<>(Observer.describeGroup(controller.binding().instance(), id));
        for (InstanceDescription d : members) {
            notVisibleYet.remove(d.id());
        }
        for (String pendingId : notVisibleYet) {
            // Created by this controller for this group (it holds the provision's answer), tags not seen yet.
            members.add(new InstanceDescription(pendingId, null, Map.of(Tags.GROUP, id), null));
        }
        return new Destroyed(members.size(), controller.destroyNow(members, "group destroyed"));
    }
}

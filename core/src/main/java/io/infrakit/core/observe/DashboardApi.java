package io.infrakit.core.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.infrakit.core.group.GroupController;
import io.infrakit.core.group.plan.ControllerState;
import io.infrakit.core.group.plan.Member;
import io.infrakit.core.manager.ManagerApi;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.group.GroupStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The JSON the dashboard's page reads ({@code /dashboard/api/...}): the groups with their member
 * strips, the recent events and the stored versions of a group. Read-only, and, like the metrics,
 * built from the controllers' last observation and the manager's store: no plugin is called.
 * The shapes are the page's, not a public API.
 */
final class DashboardApi {

    /** One member in a group's strip: which config it runs, how the flavor judges it, whether it is going. */
    record MemberView(String id, String logicalId, boolean current, String health, boolean destroying) {
    }

    record GroupView(String id, String configHash, int desired, int running, int healthy, int unhealthy, int provisioning,
                     int destroying, int outdated, boolean converged, String updatePaused, String remediationStopped,
                     String message, List<MemberView> members) {
    }

    record Versions(String group, List<VersionView> versions) {
    }

    /** A stored version; {@code spec} is its pretty JSON, which the page diffs against the one before. */
    record VersionView(long version, String committedAt, String spec) {
    }

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Supplier<List<GroupController>> controllers;
    private final Supplier<ManagerApi> manager;

    DashboardApi(Supplier<List<GroupController>> controllers, Supplier<ManagerApi> manager) {
        this.controllers = controllers;
        this.manager = manager;
    }

    List<GroupView> groups() {
        List<GroupView> out = new ArrayList<>();
        for (GroupController c : controllers.get()) {
            out.add(group(c));
        }
        out.sort(Comparator.comparing(GroupView::id));
        return out;
    }

    static GroupView group(GroupController c) {
        GroupStatus s = c.status();
        String hash = c.config().configHash();
        ControllerState inFlight = c.inFlight();
        List<MemberView> members = new ArrayList<>();
        for (Member m : c.members()) {
            members.add(new MemberView(m.id(), m.logicalId(), hash.equals(m.configHash()), health(m.health()),
                    inFlight.destroys().containsKey(m.id())));
        }
        // Old config first, then new, each by ID: the strip fills from the right as an update rolls.
        members.sort(Comparator.comparing(MemberView::current).thenComparing(MemberView::id));
        // In flight from the ledger as it is now (the status counts them as of the last plan).
        return new GroupView(c.id(), hash, s.desired(), s.running(), s.healthy(), s.unhealthy(), inFlight.provisions().size(),
                s.destroying(), s.outdated(), s.converged(), s.updatePaused(), s.remediationStopped(), s.message(), members);
    }

    private static String health(Health h) {
        return h == null ? "unknown" : h.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The newest {@code limit} events after {@code after} (0: the newest of all kept). */
    ManagerApi.EventPage events(long after, int limit) {
        ManagerApi m = manager.get();
        if (m == null) {
            return new ManagerApi.EventPage(List.of(), after);
        }
        ManagerApi.EventPage page = m.events(after, null);
        List<ManagerApi.EventView> events = page.events();
        return new ManagerApi.EventPage(events.subList(Math.max(0, events.size() - limit), events.size()), page.next());
    }

    Versions versions(String group) {
        ManagerApi m = manager.get();
        List<VersionView> out = new ArrayList<>();
        if (m != null) {
            for (ManagerApi.Version v : m.history(group)) {
                out.add(new VersionView(v.version(), v.committedAt(), pretty(v)));
            }
        }
        return new Versions(group, out);
    }

    private static String pretty(ManagerApi.Version v) {
        try {
            return PRETTY.writeValueAsString(v.spec());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(v.spec());
        }
    }
}

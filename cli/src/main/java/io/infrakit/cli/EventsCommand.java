package io.infrakit.cli;

import io.infrakit.spi.GoDuration;
import io.infrakit.core.manager.ManagerApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** {@code infrakit events [-f]}: what the group controllers did, newest last. */
@Command(name = "events", description = {"Prints the group controllers' events, oldest first; -f keeps following new ones.",
        "The manager keeps them across restarts (7 days or 100,000 events by default)."})
final class EventsCommand extends ManagerCommand {

    EventsCommand(CliEnv env) {
        super(env);
    }

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events until interrupted.")
    boolean follow;

    @Option(names = {"-g", "--group"}, paramLabel = "ID", description = "Only this group's events.")
    String group;

    @Option(names = "--interval", paramLabel = "MS", description = "With -f on a remote daemon (--host): how often to poll"
            + " (default 1000). On this host, -f follows the manager's event stream and needs no polling.")
    long intervalMillis = 1000;

    @Option(names = "--since", paramLabel = "DURATION", description = "Only events of the last DURATION, e.g. 30s, 10m, 2h.")
    String since;

    @Option(names = "--tail", paramLabel = "N", description = "Only the last N events (with -f: then every new one).")
    Integer tail;

    @Override
    int run(ManagerClient manager) throws InterruptedException {
        if (tail != null && tail < 0) {
            throw new BadInputException("--tail " + tail + " is negative: give how many of the last events to show, e.g. --tail 20");
        }
        Instant from = null;
        if (since != null) {
            try {
                from = Instant.now().minus(GoDuration.parse(since));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--since: " + e.getMessage());
            }
        }
        manager.requireRunning();
        ManagerApi api = manager.api();
        long cursor = 0;
        boolean first = true;
        do {
            ManagerApi.EventPage page = api.events(cursor, group);
            if (first && group != null && page.events().isEmpty()) {
                // no events and no such group: a typo, not a quiet group
                List<String> ids = manager.groups().inspectGroups().stream().map(io.infrakit.spi.group.GroupSpec::id).toList();
                if (!ids.contains(group)) {
                    throw Groups.notFound(group, ids, "infrakit get groups");
                }
            }
            List<ManagerApi.EventView> shown = page.events();
            if (first) {
                shown = recent(shown, from, tail);
                first = false;
            }
            for (ManagerApi.EventView e : shown) {
                out().println(line(e));
            }
            out().flush();
            cursor = Math.max(cursor, page.next());
            if (follow && !manager.isRemote() && stream(manager, cursor)) {
                return OK;
            }
            if (follow) {
                Thread.sleep(intervalMillis);
            }
        } while (follow && manager.running());
        return OK;
    }

    /**
     * Follows on the manager's event stream (Event/0.1.0) from {@code cursor}; true when it ran until
     * the daemon closed it, false when the daemon has no stream (then the caller polls).
     */
    private boolean stream(ManagerClient manager, long cursor) {
        String topic = group == null ? "group/" : "group/" + group + "/";
        try {
            EventFollower.End end = EventFollower.follow(manager.socket(), topic, cursor, e -> {
                out().println(line(e));
                out().flush();
            });
            return end == EventFollower.End.CLOSED;
        } catch (java.io.IOException e) {
            // The daemon went away mid-stream, or refused the connection: as with polling, the follow ends.
            return !manager.running();
        }
    }

    /** The events at or after {@code from} (all when null), then the last {@code tail} of them (all when null). */
    static List<ManagerApi.EventView> recent(List<ManagerApi.EventView> events, Instant from, Integer tail) {
        List<ManagerApi.EventView> kept = events;
        if (from != null) {
            kept = kept.stream().filter(e -> {
                try {
                    return !Instant.parse(e.time()).isBefore(from);
                } catch (DateTimeParseException ex) {
                    return true;
                }
            }).toList();
        }
        if (tail != null) {
            kept = kept.subList(Math.max(0, kept.size() - tail), kept.size());
        }
        return kept;
    }

    static String line(ManagerApi.EventView e) {
        return e.time() + "  " + e.type() + "  group=" + e.group() + (e.instance() == null ? "" : " instance=" + e.instance())
                + (e.message() == null || e.message().isBlank() ? "" : "  " + e.message());
    }
}

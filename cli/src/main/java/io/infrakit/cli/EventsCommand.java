package io.infrakit.cli;

import io.infrakit.core.manager.ManagerApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code infrakit events [-f]}: what the group controllers did, newest last. */
@Command(name = "events", description = "Prints the group controllers' recent events; -f keeps following new ones.")
final class EventsCommand extends ManagerCommand {

    EventsCommand(CliEnv env) {
        super(env);
    }

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events until interrupted.")
    boolean follow;

    @Option(names = {"-g", "--group"}, paramLabel = "ID", description = "Only this group's events.")
    String group;

    @Option(names = "--interval", paramLabel = "MS", description = "With -f: how often to poll (default 1000).")
    long intervalMillis = 1000;

    @Override
    int run(ManagerClient manager) throws InterruptedException {
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
            first = false;
            for (ManagerApi.EventView e : page.events()) {
                out().println(line(e));
            }
            out().flush();
            cursor = Math.max(cursor, page.next());
            if (follow) {
                Thread.sleep(intervalMillis);
            }
        } while (follow && manager.running());
        return OK;
    }

    static String line(ManagerApi.EventView e) {
        return e.time() + "  " + e.type() + "  group=" + e.group() + (e.instance() == null ? "" : " instance=" + e.instance())
                + (e.message() == null || e.message().isBlank() ? "" : "  " + e.message());
    }
}

package io.infrakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.cli.view.Colour;
import io.infrakit.cli.view.RolloutStrip;
import io.infrakit.core.spec.ConfigHash;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.group.PluginSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code infrakit rollout status GROUP}: follows a rolling update until it finishes or pauses. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Follows rolling updates: infrakit rollout status GROUP",
        subcommands = RolloutCommand.Status.class)
final class RolloutCommand implements Runnable {

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: status (infrakit rollout status GROUP)");
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Follows a group's rolling update until it is done (exit 0) or pauses (exit 1).",
                    "Shows a strip of its members (new, old, in flight), counts and an ETA from the pace so far.",
                    "Exit 1 also when --timeout passes. With no update under way it says so and exits 0."})
    static final class Status extends ManagerCommand {

        private static final ObjectMapper JSON = new ObjectMapper();

        Status(CliEnv env) {
            super(env);
        }

        @Parameters(index = "0", paramLabel = "GROUP", description = "The group's ID (metadata.name).")
        String id;

        @Option(names = "--interval", paramLabel = "MS", description = "How often to look (default 1000).")
        long intervalMillis = 1000;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (exit 1); default: wait as long as it takes.")
        Long timeoutSeconds;

        @Override
        int run(ManagerClient manager) throws Exception {
            if (intervalMillis < 10) {
                throw new BadInputException("--interval " + intervalMillis + " is too short: use 10 ms or more (default 1000)");
            }
            manager.requireRunning();
            Colour colour = env.caller().local() ? Colour.forTerminal(env.variables())
                : Colour.forCaller(env.variables(), env.caller().stdoutIsTerminal());
            boolean redraw = colour.enabled();
            long start = System.nanoTime();
            RolloutStrip first = null;
            String shown = null;
            while (true) {
                GroupSpec g = manager.groups().inspectGroups().stream().filter(s -> s.id().equals(id)).findFirst()
                        .orElseThrow(() -> new PluginException("group '" + id + "' is not managed here (see infrakit get groups)"));
                JsonNode description = manager.describe(id);
                JsonNode status = description.path("Status");
                RolloutStrip now = look(g, description);
                String paused = status.path("UpdatePaused").asText("");
                if (first == null) {
                    if (now.outdated() == 0 && paused.isBlank()) {
                        out().println("no rolling update in progress for group '" + id + "' (" + now.updated() + " of "
                                + now.desired() + " members on the current config)");
                        out().flush();
                        return OK;
                    }
                    out().println("rolling update of group '" + id + "'   " + RolloutStrip.LEGEND);
                    first = now;
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                String line = id + "  " + now.strip(colour) + "  " + now.counts()
                        + now.eta(first, elapsed).map(e -> "  eta " + RolloutStrip.human(e)).orElse("");
                if (redraw) {
                    out().print("\r\u001b[2K" + line);
                } else if (!line.equals(shown)) {
                    out().println(line);
                }
                shown = line;
                out().flush();
                if (!paused.isBlank()) {
                    finish(redraw);
                    err().println("rolling update paused: " + paused);
                    err().println("fix the spec and apply it again (a commit resumes the update), or go back with infrakit rollback " + id);
                    err().flush();
                    return FAILED;
                }
                if (now.done()) {
                    finish(redraw);
                    out().println("rolling update complete: " + now.updated() + " members on the new config in "
                            + RolloutStrip.human(elapsed));
                    out().flush();
                    return OK;
                }
                if (timeoutSeconds != null && elapsed.toSeconds() >= timeoutSeconds) {
                    finish(redraw);
                    err().println("error: the rolling update of group '" + id + "' is still under way after " + timeoutSeconds + " s");
                    err().flush();
                    return FAILED;
                }
                Thread.sleep(intervalMillis);
            }
        }

        private void finish(boolean redraw) {
            if (redraw) {
                out().println();
            }
        }

        /** The members by config hash against the hash of the stored spec, with the controller's counts. */
        static RolloutStrip look(GroupSpec g, JsonNode description) throws Exception {
            JsonNode props = g.properties();
            String hash = ConfigHash.of(JSON.treeToValue(props.path("Instance"), PluginSpec.class),
                    JSON.treeToValue(props.path("Flavor"), PluginSpec.class));
            List<String> hashes = new ArrayList<>();
            for (JsonNode m : description.path("Instances")) {
                hashes.add(m.path("Tags").path(Tags.CONFIG_HASH).asText(""));
            }
            JsonNode alloc = props.path("Allocation");
            int desired = alloc.path("LogicalIDs").isArray() && !alloc.path("LogicalIDs").isEmpty()
                    ? alloc.path("LogicalIDs").size() : alloc.path("Size").asInt(0);
            JsonNode status = description.path("Status");
            return RolloutStrip.of(hash, hashes, desired, status.path("Provisioning").asInt(0), status.path("Unhealthy").asInt(0));
        }
    }
}

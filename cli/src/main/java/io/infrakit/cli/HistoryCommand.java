package io.infrakit.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.cli.view.SpecDiff;
import io.infrakit.core.manager.ManagerApi;
import io.infrakit.spi.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** {@code infrakit history GROUP}: the kept versions of a group's spec, each with what it changed. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Lists the kept versions of a group's spec with what each one changed.",
                "Oldest first: version, commit time, and the change against the version before.",
                "infrakit rollback GROUP --to-version N commits version N again."})
final class HistoryCommand extends ManagerCommand {

    HistoryCommand(CliEnv env) {
        super(env);
    }

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group's ID (metadata.name).")
    String id;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json (with each version's spec).")
    String output = "table";

    /** One row; {@code Change} is the one-line summary against the version before. */
    @JsonPropertyOrder({"Version", "CommittedAt", "Change", "Spec"})
    record Row(@JsonProperty("Version") long version, @JsonProperty("CommittedAt") String committedAt,
               @JsonProperty("Change") String change, @JsonProperty("Spec") Object spec) {
    }

    @Override
    int run(ManagerClient manager) {
        if (!output.equals("table") && !output.equals("json")) {
            throw new BadInputException("output format '" + output + "' is not known: use table or json");
        }
        manager.requireRunning();
        List<ManagerApi.Version> newestFirst = manager.api().history(id);
        if (newestFirst.isEmpty()) {
            throw new PluginException("group '" + id + "' is not managed here (see infrakit get groups)");
        }
        List<Row> rows = rows(newestFirst.reversed());
        if (output.equals("json")) {
            out().println(Output.json(rows));
        } else {
            Table t = new Table("VERSION", "COMMITTED", "CHANGE");
            for (Row r : rows) {
                t.row(r.version(), seconds(r.committedAt()), r.change());
            }
            t.print(out());
            out().println("current: version " + newestFirst.get(0).version() + "; infrakit rollback " + id
                    + " --to-version N commits version N again");
        }
        out().flush();
        return OK;
    }

    /** Rows oldest first, each summarised against the one before it. */
    static List<Row> rows(List<ManagerApi.Version> oldestFirst) {
        List<Row> rows = new ArrayList<>();
        ManagerApi.Version before = null;
        for (ManagerApi.Version v : oldestFirst) {
            String change;
            if (before == null) {
                change = v.version() == 1 ? "created" : "(oldest kept version)";
            } else {
                change = SpecDiff.between(before.spec().properties(), v.spec().properties()).summary();
            }
            rows.add(new Row(v.version(), v.committedAt(), change, v.spec().properties()));
            before = v;
        }
        return rows;
    }

    private static String seconds(String time) {
        try {
            return Instant.parse(time).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return time;
        }
    }
}

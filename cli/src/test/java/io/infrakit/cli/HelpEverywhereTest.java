package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * Walks picocli's whole command tree (every command and subcommand, as {@code infrakit --help}
 * builds it) and runs {@code --help} and {@code -h} on each through {@link Main#run}, that is
 * through the lean path that registers only the invoked top-level command: exit 0, its own usage
 * on stdout, nothing on stderr. Required options and parameters must not get in the way.
 */
class HelpEverywhereTest {

    @AutoClose
    static final CliRun cli = CliRun.temporary();

    static List<List<String>> paths(CommandLine cmd, List<String> prefix) {
        List<List<String>> all = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : cmd.getSubcommands().entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            all.add(path);
            all.addAll(paths(e.getValue(), path));
        }
        return all;
    }

    @Test
    void everyCommandAndSubcommandAnswersHelpAndDashH() {
        List<List<String>> paths = paths(Main.commandLine(cli.env(), null), List.of());
        // 16 top-level commands and the subcommands of plugin, instance and group
        assertThat(paths).hasSizeGreaterThan(30);
        assertThat(paths).contains(List.of("up"), List.of("apply"), List.of("group", "commit"), List.of("instance", "exec"));
        assertSoftly(soft -> {
            for (List<String> path : paths) {
                for (String flag : List.of("--help", "-h")) {
                    List<String> argv = new ArrayList<>(path);
                    argv.add(flag);
                    CliRun.Result r = cli.run(argv.toArray(String[]::new));
                    String what = "infrakit " + String.join(" ", argv);
                    soft.assertThat(r.code()).as(what + "\n" + r.err()).isZero();
                    soft.assertThat(r.out()).as(what).contains("Usage: infrakit " + String.join(" ", path));
                    soft.assertThat(r.err()).as(what).isEmpty();
                }
            }
        });
    }

    @Test
    void dashHIsNeverTakenForHostAndVersionIsOnlyOnTheTop() {
        CliRun.Result events = cli.run("events", "-h");
        assertThat(events.code()).isZero();
        assertThat(events.out()).contains("--follow").doesNotContain("Possible solutions");
        CliRun.Result commit = cli.run("group", "commit", "--help");
        assertThat(commit.out()).doesNotContain("--version");
        assertThat(cli.run("--help").out()).contains("-V, --version");
    }

    @Test
    void requiredOptionsDoNotBlockHelp() {
        CliRun.Result apply = cli.run("apply", "--help");
        assertThat(apply.code()).isZero();
        assertThat(apply.out()).contains("--file");
        CliRun.Result scale = cli.run("scale", "-h");
        assertThat(scale.code()).isZero();
        assertThat(scale.out()).contains("GROUP").contains("SIZE");
    }

    @Test
    void commandListsShowWholeSentences() {
        // picocli lists each command with the first line of its description: it must not stop mid-sentence
        CommandLine root = Main.commandLine(cli.env(), null);
        for (List<String> path : paths(root, List.of())) {
            CommandLine cmd = root;
            for (String word : path) {
                cmd = cmd.getSubcommands().get(word);
            }
            String[] description = cmd.getCommandSpec().usageMessage().description();
            if (description.length > 0) {
                assertThat(description[0].strip()).as(String.join(" ", path)).doesNotEndWith(",").doesNotEndWith(":");
            }
        }
    }
}

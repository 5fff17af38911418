package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.ManagerDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code group commit} naming a plugin that does not run: exit 1, the plugin named, nothing stored. */
class UnknownPluginCommitTest {

    CliRun cli;
    ManagerDaemon daemon;

    @AfterEach
    void stop() throws Exception {
        ManagerDaemon.stopAndDelete(daemon, cli);
    }

    @Test
    void groupCommitToAPluginThatDoesNotRunExitsOneNamingIt() throws Exception {
        cli = new CliRun();
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms");
        String spec = Files.writeString(cli.home.resolve("w.yml"), """
                kind: group
                metadata: {name: workers}
                properties:
                  Allocation: {Size: 1}
                  Flavor: {Plugin: vanilla, Properties: {}}
                  Instance: {Plugin: nosuch/compute, Properties: {}}
                """).toString();
        CliRun.Result r = cli.run("group", "commit", spec);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Instance.Plugin 'nosuch/compute' cannot be reached", "start that plugin or fix the name")
                .doesNotContain("Exception");
        assertThat(cli.home.resolve("configs/groups/workers")).doesNotExist();
        // apply checks plugin names before it sends anything: bad input, exit 2, with the running ones.
        CliRun.Result apply = cli.run("apply", "-f", spec);
        assertThat(apply.code()).isEqualTo(2);
        assertThat(apply.err()).contains("'nosuch/compute' is not a known plugin (known: group, group-stateless, simulator, vanilla)");
        assertThat(cli.home.resolve("configs/groups/workers")).doesNotExist();
    }
}

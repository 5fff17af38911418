package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** A daemon does not start on a home or plugins folder others can write into. */
class TrustedHomeTest {

    @Test
    void aHomeOthersCanWriteIntoIsRefusedWithTheFix() throws Exception {
        try (CliRun cli = new CliRun()) {
            Files.setPosixFilePermissions(cli.home, PosixFilePermissions.fromString("rwxrwxrwx"));
            CliRun.Result r = cli.run("plugin", "start", "simulator");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("INFRAKIT_HOME '" + cli.home + "' can be written by other users (mode 0777",
                    "chmod go-w '" + cli.home + "'");
            assertThat(cli.plugins.resolve("simulator")).doesNotExist();

            Files.setPosixFilePermissions(cli.home, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(cli.plugins);
            Files.setPosixFilePermissions(cli.plugins, PosixFilePermissions.fromString("rwxrwx---"));
            CliRun.Result plugins = cli.run("up");
            assertThat(plugins.code()).isEqualTo(1);
            assertThat(plugins.err()).contains("plugins folder (INFRAKIT_PLUGINS_DIR) '" + cli.plugins + "' can be written by other users");
        }
    }
}

package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** --metrics and --dashboard have no authentication: a non-loopback or malformed address is bad input, and nothing starts. */
class ObserveOptionsTest {

    final CliRun cli = CliRun.temporary();

    @AfterEach
    void delete() throws Exception {
        cli.delete();
    }

    @Test
    void anAddressOtherThanLoopbackIsRefusedBeforeAnythingStarts() {
        CliRun.Result r = cli.run("plugin", "start", "simulator", "--metrics", "0.0.0.0:9464");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--metrics '0.0.0.0:9464': 0.0.0.0 is not a loopback address")
                .contains("--listen").doesNotContain("Exception");
        assertThat(Files.exists(cli.plugins.resolve("simulator"))).isFalse();

        CliRun.Result port = cli.run("plugin", "start", "simulator", "--dashboard", "127.0.0.1:http");
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err()).contains("--dashboard '127.0.0.1:http': the port must be a number from 0 to 65535");

        CliRun.Result shape = cli.run("up", "--dashboard", "8080");
        assertThat(shape.code()).isEqualTo(2);
        assertThat(shape.err()).contains("--dashboard '8080' is not HOST:PORT; use e.g. --dashboard 127.0.0.1:8080");
        assertThat(Files.exists(cli.plugins.resolve("group"))).isFalse();
    }
}

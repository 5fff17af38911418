package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.ManagerDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code {{ secret "db-password" }}}: the value reaches the instance plugin, and nothing else:
 * not the store, history, plan, describe, events or any file of the home but the plugin's own.
 */
class SecretsTest {

    static final String VALUE = "s3cr3t-Value-9f2c1d";
    static final String SPEC = """
            kind: group
            metadata:
              name: db
            properties:
              Allocation:
                Size: {{ size | default(1) }}
              Flavor:
                Plugin: vanilla
                Properties:
                  Init: ["echo connecting with {{ secret "db-password" }}"]
              Instance:
                Plugin: simulator/compute
                Properties:
                  password: {{ secret "db-password" }}
                  url: "postgres://app:{{ secret("db-password") }}@db:5432/app"
            """;

    CliRun cli;
    ManagerDaemon daemon;

    @AfterEach
    void stop() throws Exception {
        ManagerDaemon.stopAndDelete(daemon, cli);
    }

    @Test
    void theValueReachesThePluginAndNoOutputOrStoredFile() throws Exception {
        cli = new CliRun();
        Path secrets = Files.createDirectories(cli.home.resolve("secrets"));
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
        Path secret = Files.writeString(secrets.resolve("db-password"), VALUE + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms");
        Path spec = Files.writeString(cli.home.resolve("db.yml"), SPEC);

        List<CliRun.Result> outputs = new java.util.ArrayList<>();
        outputs.add(cli.ok("plan", "-f", spec.toString()));
        outputs.add(cli.ok("apply", "-f", spec.toString()));
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.run("get", "groups").out().matches("(?s).*db\\s+1\\s+1.*"));
        outputs.add(cli.ok("apply", "-f", spec.toString(), "--var", "size=2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.run("get", "groups").out().matches("(?s).*db\\s+2\\s+2.*"));

        // The plugin got the value, in the properties and in the init the flavor made.
        String provisioned = cli.ok("instance", "describe", "--plugin", "simulator/compute", "-p", "-o", "json").out();
        assertThat(provisioned).contains("\"password\" : \"" + VALUE + "\"", "postgres://app:" + VALUE + "@db:5432/app");

        outputs.add(cli.ok("plan", "-f", spec.toString(), "--var", "size=3"));
        outputs.add(cli.ok("describe", "group", "db"));
        outputs.add(cli.ok("history", "db", "-o", "json"));
        outputs.add(cli.ok("events"));
        outputs.add(cli.ok("get", "groups", "-o", "json"));
        outputs.add(cli.ok("get", "instances", "-o", "wide"));
        outputs.add(cli.ok("group", "inspect", "db"));
        for (CliRun.Result r : outputs) {
            assertThat(r.out() + r.err()).doesNotContain(VALUE);
        }
        assertThat(cli.ok("describe", "group", "db").out()).contains("password: <secret:db-password>");
        assertThat(cli.ok("group", "inspect", "db").out()).contains("<secret:db-password>");

        // No file of the home holds it but the secret itself (the simulator keeps instances in memory here).
        try (Stream<Path> files = Files.walk(cli.home)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.equals(secret)).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(VALUE);
            }
        }
        try (Stream<Path> stored = Files.list(cli.home.resolve("configs/groups/db"))) {
            assertThat(stored.toList()).isNotEmpty().allSatisfy(f ->
                    assertThat(Files.readString(f)).contains("<secret:db-password>"));
        }
    }

    @Test
    void aMissingOrOpenSecretIsRefusedAtCommitNamingTheFix() throws Exception {
        cli = new CliRun();
        daemon = ManagerDaemon.start(cli, "group.poll-interval=200ms");
        Path spec = Files.writeString(cli.home.resolve("db.yml"), SPEC);
        CliRun.Result missing = cli.run("apply", "-f", spec.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("secret 'db-password' is not set: put it in " + cli.home.resolve("secrets/db-password"),
                "chmod 600", "INFRAKIT_SECRET_DB_PASSWORD");
        assertThat(cli.home.resolve("configs/groups/db")).doesNotExist();

        Path secrets = Files.createDirectories(cli.home.resolve("secrets"));
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
        Path secret = Files.writeString(secrets.resolve("db-password"), VALUE);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun.Result open = cli.run("apply", "-f", spec.toString());
        assertThat(open.code()).isEqualTo(2);
        assertThat(open.err()).contains("secret file '" + secret + "' can be read by other users (mode 0644", "chmod 600")
                .doesNotContain(VALUE);
        assertThat(cli.home.resolve("configs/groups/db")).doesNotExist();

        Path bad = Files.writeString(cli.home.resolve("bad.yml"), SPEC.replace("{{ secret \"db-password\" }}\n", "{{ secret \"../etc\" }}\n"));
        CliRun.Result badName = cli.run("plan", "-f", bad.toString());
        assertThat(badName.code()).isEqualTo(2);
        assertThat(badName.err()).contains("secret name '../etc' is not a plain name");
    }
}

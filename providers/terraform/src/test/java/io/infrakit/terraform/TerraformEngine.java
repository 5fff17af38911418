package io.infrakit.terraform;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Terraform of this kind of machine (/usr/local/bin/terraform, or on PATH). Tests skip
 * when it is absent and fail then when engines are required (INFRAKIT_REQUIRE_ENGINES=1, as in CI).
 */
final class TerraformEngine {

    private TerraformEngine() {
    }

    static boolean required() {
        return "1".equals(System.getProperty("infrakit.requireEngines")) || "1".equals(System.getenv("INFRAKIT_REQUIRE_ENGINES"));
    }

    /** The terraform executable, or a skip (a failure when required). */
    static Path assumeAvailable() {
        var found = TerraformOptions.resolve("terraform", System.getenv())
                .or(() -> TerraformOptions.resolve("/usr/local/bin/terraform", System.getenv()));
        if (found.isEmpty()) {
            String problem = "terraform is neither on PATH nor at /usr/local/bin/terraform (see .ci/engines/terraform.sh)";
            if (required()) {
                Assertions.fail("INFRAKIT_REQUIRE_ENGINES=1 but " + problem);
            }
            System.err.println("Terraform tests skipped: " + problem);
            Assumptions.abort("skipped: " + problem);
        }
        return found.get();
    }

    /** A terraform that logs each call's arguments to {@code log} and runs the real one: how a test counts calls. */
    static Path counting(Path real, Path dir, Path log) throws IOException {
        Files.createDirectories(dir);
        Path shim = dir.resolve("terraform");
        Files.writeString(shim, "#!/bin/sh\necho \"$*\" >> '" + log + "'\nexec '" + real + "' \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        return shim;
    }

    static long calls(Path log, String prefix) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.startsWith(prefix)).count() : 0;
    }

    static TerraformOptions options(Path command, Path dir) {
        return new TerraformOptions(command, dir, Duration.ofMinutes(2), Duration.ofSeconds(60));
    }

    record Ran(int exitCode, String stdout, String stderr) {
    }

    /** Runs terraform in {@code dir} as a person would, outside the plugin. */
    static Ran run(Path terraform, Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(terraform.toString()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("terraform", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(err.toFile());
        pb.environment().put("CHECKPOINT_DISABLE", "1");
        pb.environment().put("TF_IN_AUTOMATION", "1");
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String error = Files.readString(err);
        Files.deleteIfExists(err);
        return new Ran(p.exitValue(), out, error);
    }
}

package io.infrakit.cli.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Tests needing an engine skip with the reason, or fail when CI requires engines (INFRAKIT_REQUIRE_ENGINES=1). */
public final class Engines {
    private Engines() {
    }

    public static boolean required() {
        return "1".equals(System.getProperty("infrakit.requireEngines")) || "1".equals(System.getenv("INFRAKIT_REQUIRE_ENGINES"));
    }

    /** The program at {@code path}, or a skip (a failure when engines are required) naming the script that installs it. */
    public static Path program(String path, String script) {
        Path p = Path.of(path);
        if (!Files.isExecutable(p)) {
            String why = path + " is not installed (run .ci/engines/" + script + ")";
            if (required()) {
                throw new AssertionError(why + " and INFRAKIT_REQUIRE_ENGINES=1 requires it");
            }
            Assumptions.abort(why + ": skipping");
        }
        return p;
    }
}

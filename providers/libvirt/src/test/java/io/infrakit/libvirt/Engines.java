package io.infrakit.libvirt;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Engine-dependent tests skip with a reason, or fail when CI requires engines (INFRAKIT_REQUIRE_ENGINES=1). */
final class Engines {

    private Engines() {
    }

    static boolean required() {
        return "1".equals(System.getProperty("infrakit.requireEngines")) || "1".equals(System.getenv("INFRAKIT_REQUIRE_ENGINES"));
    }

    static void requireOrSkip(boolean available, String whyMissing) {
        if (available) {
            return;
        }
        if (required()) {
            throw new AssertionError(whyMissing + " (INFRAKIT_REQUIRE_ENGINES=1: run .ci/engines/libvirt.sh)");
        }
        Assumptions.abort(whyMissing);
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/sbin", program));
    }
}

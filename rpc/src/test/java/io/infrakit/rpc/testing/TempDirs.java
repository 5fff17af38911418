package io.infrakit.rpc.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Short temp folders: unix socket paths must stay under 108 bytes, JUnit's @TempDir may be longer. */
public final class TempDirs {
    private TempDirs() {
    }

    public static Path create() throws IOException {
        return Files.createTempDirectory(Path.of("/tmp"), "ik");
    }

    public static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package io.infrakit.core.group.plan;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner is pure: no I/O, no clock, no protocol. Its package may import only the SPI's data
 * types and the JDK, so whatever it needs arrives as an argument. (The architecture test checks
 * the same on the compiled classes; this one reads the sources and names the offending line.)
 */
class PlanPackageImportsTest {

    private static final Path SOURCES = Path.of("src/main/java/io/infrakit/core/group/plan");

    @Test
    void importsOnlySpiAndTheJdk() throws IOException {
        List<String> offending = new ArrayList<>();
        int files = 0;
        try (Stream<Path> list = Files.list(SOURCES)) {
            for (Path f : list.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                files++;
                for (String line : Files.readAllLines(f)) {
                    String l = line.strip();
                    if (!l.startsWith("import ")) {
                        continue;
                    }
                    String name = l.substring("import ".length()).replace("static ", "");
                    if (!name.startsWith("java.") && !name.startsWith("io.infrakit.spi.")) {
                        offending.add(f.getFileName() + ": " + l);
                    }
                }
            }
        }
        assertThat(files).as("plan sources found under " + SOURCES.toAbsolutePath()).isGreaterThanOrEqualTo(9);
        assertThat(offending).as("imports outside io.infrakit.spi and java.*").isEmpty();
    }
}

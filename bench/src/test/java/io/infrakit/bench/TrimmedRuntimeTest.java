package io.infrakit.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * bin/infrakit's trimmed runtimes (docs/performance.md, "Start, fourth pass"): made once per JDK with jlink, the
 * daemon one without the JDK's locale data, the client one with java.base and jdk.net only; every AOT cache is
 * keyed by the java it was recorded with, so switching runtimes never hands a JVM another JVM's cache (which it
 * would refuse with a warning on standard output, in the middle of a command's output). This module's tests run
 * after the cli module is packaged, so the script has its jars.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TrimmedRuntimeTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path RUNTIMES = ROOT.resolve("cli/target/runtimes");

    record Run(int code, String out, String err) {
    }

    static Run infrakit(Map<String, String> env, String... args) throws Exception {
        Path out = Files.createTempFile("rt-out", ".txt");
        Path err = Files.createTempFile("rt-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(ROOT.resolve("bin/infrakit").toString()),
                    Stream.of(args)).toList()).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("INFRAKIT_NO_BUILD", "1");
            pb.environment().putAll(env);
            Process p = pb.start();
            assertThat(p.waitFor(8, TimeUnit.MINUTES)).as("bin/infrakit %s ended", List.of(args)).isTrue();
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Path runtime(String kind) throws IOException {
        try (Stream<Path> dirs = Files.list(RUNTIMES)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(kind + "-") && Files.exists(d.resolve(".made")))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " runtime in " + RUNTIMES));
        }
    }

    static String modules(Path runtime) throws IOException {
        return Files.readAllLines(runtime.resolve("release")).stream().filter(l -> l.startsWith("MODULES="))
                .findFirst().orElseThrow();
    }

    static java.util.Properties properties(Path file) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(in);
        }
        return p;
    }

    @Test
    void runtimesAreMadeOnceCachesAreKeyedByTheirJavaAndTheJdkStillServes() throws Exception {
        assumeThat(Runtime.version().feature()).as("trimmed runtimes come with the AOT caches, JDK 25+").isGreaterThanOrEqualTo(25);
        assumeThat(Path.of(System.getProperty("java.home"), "bin", "jlink")).as("a JDK with jlink").exists();
        assumeThat(ROOT.resolve("cli/target/infrakit-cli.jar")).as("the packaged CLI").exists();

        Run made = infrakit(Map.of("INFRAKIT_AOT_WAIT", "1"), "version");
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).startsWith("infrakit ").doesNotContain("[warning]");

        Path daemon = runtime("daemon");
        assertThat(modules(daemon)).contains("java.sql", "jdk.unsupported", "jdk.jfr", "jdk.net")
                .doesNotContain("jdk.localedata", "jdk.compiler");
        Path client = runtime("client");
        assertThat(modules(client)).isEqualTo("MODULES=\"java.base jdk.net\"");
        assertThat(Files.readString(ROOT.resolve("client/target/.runtime")).strip()).isEqualTo(client.toString());
        assertThat(client.resolve("infrakit-client.aot")).isNotEmptyFile();

        // Each cache names the java it was recorded with: the daemon runtime's.
        for (String cache : List.of("infrakit.aot", "infrakit-daemon.aot")) {
            String opts = Files.readString(ROOT.resolve("cli/target/" + cache + ".opts"), StandardCharsets.UTF_8);
            assertThat(opts).as(cache).startsWith(daemon.resolve("bin/java") + " ");
        }

        // Both runtimes' java.security: the JDK's properties, all of them, without the 70 KB of comments.
        java.util.Properties jdk = properties(Path.of(System.getProperty("java.home"), "conf/security/java.security"));
        for (Path rt : List.of(daemon, client)) {
            Path security = rt.resolve("conf/security/java.security");
            assertThat(properties(security)).as(security.toString()).isEqualTo(jdk).hasSizeGreaterThan(20);
            assertThat(Files.readAllLines(security)).as(security.toString()).noneMatch(l -> l.isBlank() || l.startsWith("#"));
        }

        // The daemon runtime lists a handful of locales (the JDK: over a thousand), the reason it exists.
        Process p = new ProcessBuilder(daemon.resolve("bin/java").toString(), "-XshowSettings:locale", "-version")
                .redirectErrorStream(true).start();
        String settings = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        String available = settings.substring(settings.indexOf("available locales"));
        assertThat(available.split(",").length).as(available).isLessThan(50);

        // A second command finds everything made: nothing is recorded or made again, nothing said about it.
        Run again = infrakit(Map.of(), "version");
        assertThat(again.code()).isZero();
        assertThat(again.out()).isEqualTo(made.out());
        assertThat(again.err()).doesNotContain("recording", "making");

        // On the JDK (INFRAKIT_RUNTIME=0) the command still runs, without a cache recorded for another java.
        Run onJdk = infrakit(Map.of("INFRAKIT_RUNTIME", "0", "INFRAKIT_AOT", "0"), "version");
        assertThat(onJdk.code()).as(onJdk.err()).isZero();
        assertThat(onJdk.out()).isEqualTo(made.out());
    }
}

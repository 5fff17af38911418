package io.infrakit.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The daemon's log file is rolled by size (compressed, old ones deleted) and kept in a folder of the owner's only. */
class DaemonLogTest {

    @TempDir
    Path home;

    @Test
    void aNoisyLogRollsInsteadOfGrowingWithoutEnd() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        Path file = DaemonLog.toFile(home, Map.of("INFRAKIT_LOG_MAX_SIZE", "20KB", "INFRAKIT_LOG_LEVEL", "info"));
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
            // Only to the daemon's file, not to the test's console.
            Logger log = ctx.getLogger("io.infrakit.test.noisy");
            log.setAdditive(false);
            log.setLevel(ch.qos.logback.classic.Level.INFO);
            log.addAppender(root.getAppender(DaemonLog.APPENDER));
            String line = "refused remote call from=203.0.113.9 path=/group " + "x".repeat(200);
            // Logback looks at the size at most about once a second: write for a few seconds.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                for (int i = 0; i < 200; i++) {
                    log.warn(line);
                }
                try (Stream<Path> files = Files.list(file.getParent())) {
                    return files.anyMatch(f -> f.getFileName().toString().matches("infrakit\\.\\d{4}-\\d\\d-\\d\\d\\.\\d+\\.log\\.gz"));
                }
            });
            assertThat(Files.size(file)).isLessThan(2L << 20);
        } finally {
            var appender = root.getAppender(DaemonLog.APPENDER);
            root.detachAppender(appender);
            appender.stop();
        }
    }
}

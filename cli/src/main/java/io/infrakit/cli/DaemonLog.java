package io.infrakit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * A daemon's log: every action at INFO goes to {@code $INFRAKIT_HOME/logs/infrakit.log}, while the
 * terminal keeps showing only progress and warnings (unless INFRAKIT_LOG_LEVEL asks for more).
 * The file is rolled by size and by day and old files are deleted (so no caller, however noisy,
 * fills the disk): {@value #MAX_FILE_SIZE} a file ({@code INFRAKIT_LOG_MAX_SIZE}), {@value #MAX_DAYS}
 * days, {@value #TOTAL_SIZE_CAP} in all. The folder is the owner's only.
 */
final class DaemonLog {
    static final String MAX_FILE_SIZE = "10MB";
    static final int MAX_DAYS = 7;
    static final String TOTAL_SIZE_CAP = "100MB";
    static final String APPENDER = "DAEMON-FILE";

    private DaemonLog() {
    }

    /** Returns the log file, or null when logging is not logback (then nothing changes). */
    static Path toFile(Path home, java.util.Map<String, String> env) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return null;
        }
        Path file = home.resolve("logs").resolve("infrakit.log");
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{ISO8601} %-5level [%thread] %logger{30} - %msg%n");
        encoder.start();
        try {
            java.nio.file.Files.createDirectories(file.getParent(),
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            // logback creates it (with the umask's mode) or reports why it cannot
        }
        ch.qos.logback.core.rolling.RollingFileAppender<ILoggingEvent> appender = new ch.qos.logback.core.rolling.RollingFileAppender<>();
        appender.setContext(ctx);
        appender.setName(APPENDER);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(ctx);
        policy.setParent(appender);
        policy.setFileNamePattern(file.getParent().resolve("infrakit.%d{yyyy-MM-dd}.%i.log.gz").toString());
        String maxSize = env.getOrDefault("INFRAKIT_LOG_MAX_SIZE", MAX_FILE_SIZE);
        policy.setMaxFileSize(ch.qos.logback.core.util.FileSize.valueOf(maxSize));
        policy.setMaxHistory(MAX_DAYS);
        policy.setTotalSizeCap(ch.qos.logback.core.util.FileSize.valueOf(TOTAL_SIZE_CAP));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.start();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        if (env.get("INFRAKIT_LOG_LEVEL") == null) {
            Appender<ILoggingEvent> console = root.getAppender("ERR");
            if (console != null) {
                ThresholdFilter warn = new ThresholdFilter();
                warn.setLevel("WARN");
                warn.start();
                console.addFilter(warn);
            }
            ctx.getLogger("io.infrakit").setLevel(Level.INFO);
        }
        // One daemon log per process: a daemon started again in this JVM (tests) replaces the last one's.
        Appender<ILoggingEvent> old = root.getAppender(APPENDER);
        if (old != null) {
            root.detachAppender(old);
            old.stop();
        }
        root.addAppender(appender);
        return file;
    }
}

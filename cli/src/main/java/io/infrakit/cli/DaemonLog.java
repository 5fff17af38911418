package io.infrakit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * A daemon's log: every action at INFO goes to {@code $INFRAKIT_HOME/logs/infrakit.log}, while the
 * terminal keeps showing only progress and warnings (unless INFRAKIT_LOG_LEVEL asks for more).
 */
final class DaemonLog {
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
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(ctx);
        appender.setName("DAEMON-FILE");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
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
        root.addAppender(appender);
        return file;
    }
}

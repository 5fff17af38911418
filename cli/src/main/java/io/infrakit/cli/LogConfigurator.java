package io.infrakit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.Locale;

/**
 * The logging set-up of every infrakit process, in code rather than {@code logback.xml}: reading the
 * XML loaded about 300 classes (an XML parser and logback's configuration model) and ran them on each
 * start, a large share of a daemon's time to its first answer. Found by logback through
 * {@code META-INF/services}. Logs go to stderr, so that command output stays clean on stdout;
 * {@code io.infrakit} logs at {@code INFRAKIT_LOG_LEVEL} (system property or environment, default INFO),
 * everything else at WARN.
 * <p>
 * A configuration file still wins: {@code -Dlogback.configurationFile=FILE}, or a
 * {@code logback-test.xml} of a test class path.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    /** What the terminal's lines look like, in logback's pattern language ({@link ConsoleLogLayout} writes them). */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null || testConfiguration()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** What logback.xml used to say. */
    static void apply(LoggerContext context) {
        ConsoleLogLayout layout = new ConsoleLogLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> err = new ConsoleAppender<>();
        err.setContext(context);
        err.setName("ERR"); // DaemonLog finds it by this name
        err.setTarget("System.err");
        err.setEncoder(encoder);
        err.start();
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        // A thin client whose reader went away (`infrakit get instances | head -1`) leaves Jetty's
        // blocking write incomplete; that is the caller's choice, not a daemon problem to warn about.
        context.getLogger("org.eclipse.jetty.util.Blocker").setLevel(Level.ERROR);
        context.getLogger("io.infrakit").setLevel(level());
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(err);
    }

    static Level level() {
        String wanted = System.getProperty("INFRAKIT_LOG_LEVEL");
        if (wanted == null) {
            wanted = System.getenv("INFRAKIT_LOG_LEVEL");
        }
        return wanted == null ? Level.INFO : Level.toLevel(wanted.trim().toUpperCase(Locale.ROOT), Level.INFO);
    }

    /** Only a test class path (a directory of test classes) is searched: a missing resource costs a scan of every jar. */
    private static boolean testConfiguration() {
        String cp = System.getProperty("java.class.path", "");
        return cp.contains("test-classes") && LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null;
    }
}

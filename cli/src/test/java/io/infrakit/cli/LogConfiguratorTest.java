package io.infrakit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The code that replaced logback.xml says what the file said. */
class LogConfiguratorTest {

    @Test
    void stderrAppenderNamedErrJettyAtWarnInfrakitAtInfoRootAtWarn() {
        LoggerContext ctx = new LoggerContext();
        LogConfigurator.apply(ctx);
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("ERR")).isInstanceOf(ConsoleAppender.class);
        assertThat(((ConsoleAppender<?>) root.getAppender("ERR")).getTarget()).isEqualTo("System.err");
        assertThat(ctx.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
        assertThat(ctx.getLogger("io.infrakit").getLevel()).isEqualTo(LogConfigurator.level());
        assertThat(ctx.getLogger("io.infrakit.core.group").getEffectiveLevel()).isEqualTo(LogConfigurator.level());
    }

    @Test
    void levelComesFromTheSystemPropertyFirst() {
        String before = System.getProperty("INFRAKIT_LOG_LEVEL");
        try {
            System.setProperty("INFRAKIT_LOG_LEVEL", "debug");
            assertThat(LogConfigurator.level()).isEqualTo(Level.DEBUG);
            System.setProperty("INFRAKIT_LOG_LEVEL", "nonsense");
            assertThat(LogConfigurator.level()).isEqualTo(Level.INFO);
        } finally {
            if (before == null) {
                System.clearProperty("INFRAKIT_LOG_LEVEL");
            } else {
                System.setProperty("INFRAKIT_LOG_LEVEL", before);
            }
        }
    }
}

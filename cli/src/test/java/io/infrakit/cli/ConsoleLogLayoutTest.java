package io.infrakit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written terminal line is byte for byte what logback's PatternLayout makes of the same pattern. */
class ConsoleLogLayoutTest {

    @Test
    void sameLinesAsLogbacksPatternLayout() {
        LoggerContext ctx = new LoggerContext();
        PatternLayout reference = new PatternLayout();
        reference.setContext(ctx);
        reference.setPattern(LogConfigurator.PATTERN);
        reference.start();
        ConsoleLogLayout ours = new ConsoleLogLayout();
        ours.setContext(ctx);
        ours.start();

        Exception nested = new IllegalStateException("outer", new UncheckedIOException("inner", new IOException("disk")));
        List<String> loggers = List.of("io.infrakit.rpc.server.RpcServer", "io.infrakit.core.group.PlanApplier", "Short",
                "a.b", "org.eclipse.jetty.server.handler.ContextHandler", "io.infrakit.x.y.z.very.deep.package.name.Thing",
                "exactly.twentyfour.long");
        List<Long> times = List.of(0L, 1L, 59_999L, 86_399_999L, 1_796_000_123_456L, 1_796_043_599_909L, -1L);
        List<Level> levels = List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR);
        int i = 0;
        for (String name : loggers) {
            Logger logger = ctx.getLogger(name);
            for (long t : times) {
                Level level = levels.get(i++ % levels.size());
                LoggingEvent plain = new LoggingEvent("x", logger, level, "group={} instance={} provisioned ({})", null,
                        new Object[]{"workers", "i-" + t, "scale up"});
                plain.setTimeStamp(t);
                assertThat(ours.doLayout(plain)).isEqualTo(reference.doLayout(plain));
                LoggingEvent failed = new LoggingEvent("x", logger, level, "call failed: {}", nested, new Object[]{"Provision"});
                failed.setTimeStamp(t);
                assertThat(ours.doLayout(failed)).isEqualTo(reference.doLayout(failed)).contains("Caused by: java.io.IOException: disk");
            }
        }
    }
}

package io.infrakit.cli;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The terminal's log line, {@value LogConfigurator#PATTERN} in logback's pattern language, written by hand: the same
 * bytes as logback's {@code PatternLayout} with that pattern (a test compares them), without parsing the pattern and
 * building a {@code DateTimeFormatter} on every start, which cost a daemon about 10 ms of its start
 * (docs/performance.md, "Start, fourth pass"). A throwable follows the line as logback prints it.
 */
final class ConsoleLogLayout extends LayoutBase<ILoggingEvent> {

    private static final int LOGGER_LENGTH = 24;
    private static final long DAY_MS = 86_400_000L;

    private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(LOGGER_LENGTH);
    private final ConcurrentHashMap<String, String> abbreviated = new ConcurrentHashMap<>();
    private final ThrowableProxyConverter throwable = new ThrowableProxyConverter();
    private final ZoneId zone = ZoneId.systemDefault();

    @Override
    public void start() {
        throwable.setContext(getContext());
        throwable.start();
        super.start();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        time(line, event.getTimeStamp());
        line.append(' ');
        String level = event.getLevel().toString();
        line.append(level);
        for (int i = level.length(); i < 5; i++) {
            line.append(' ');
        }
        line.append(' ').append(abbreviated.computeIfAbsent(event.getLoggerName(), abbreviator::abbreviate))
                .append(" - ").append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        if (event.getThrowableProxy() != null) {
            line.append(throwable.convert(event));
        }
        return line.toString();
    }

    /** HH:mm:ss.SSS in the JVM's time zone. */
    private void time(StringBuilder out, long epochMs) {
        int offsetMs = zone.getRules().getOffset(Instant.ofEpochMilli(epochMs)).getTotalSeconds() * 1000;
        long ms = Math.floorMod(epochMs + offsetMs, DAY_MS);
        two(out, (int) (ms / 3_600_000)).append(':');
        two(out, (int) (ms / 60_000 % 60)).append(':');
        two(out, (int) (ms / 1000 % 60)).append('.');
        int milli = (int) (ms % 1000);
        if (milli < 100) {
            out.append('0');
        }
        two(out, milli);
    }

    private static StringBuilder two(StringBuilder out, int n) {
        if (n < 10) {
            out.append('0');
        }
        return out.append(n);
    }
}

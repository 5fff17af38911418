package io.infrakit.core.event;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An event's time as text: exactly {@link Instant#toString()} (ISO-8601 in UTC, the fraction in groups of three
 * digits as needed, {@code 2026-11-29T06:11:42.267302200Z}), written by hand for the years 1970 to 9999. A read of a
 * group's events turns thousands of them into text ({@code get instances} of 1,000 members, every call), and the
 * JDK's formatter took a tenth of such a call; other instants go to the JDK.
 */
public final class EventTimes {

    /** 10000-01-01T00:00:00Z: from here on the JDK writes a sign and more digits. */
    private static final long YEAR_10000 = 253_402_300_800L;

    private EventTimes() {
    }

    /** {@code time.toString()}, the same characters. */
    public static String format(Instant time) {
        long seconds = time.getEpochSecond();
        if (seconds < 0 || seconds >= YEAR_10000) {
            return time.toString();
        }
        long days = seconds / 86_400;
        int secondOfDay = (int) (seconds % 86_400);
        LocalDate date = LocalDate.ofEpochDay(days);
        int nano = time.getNano();
        char[] c = new char[30];
        digits(c, 0, date.getYear(), 4);
        c[4] = '-';
        digits(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        digits(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, secondOfDay % 60, 2);
        int n = 19;
        if (nano > 0) {
            c[n++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(c, n, nano / 1_000_000, 3);
                n += 3;
            } else if (nano % 1_000 == 0) {
                digits(c, n, nano / 1_000, 6);
                n += 6;
            } else {
                digits(c, n, nano, 9);
                n += 9;
            }
        }
        c[n++] = 'Z';
        return new String(c, 0, n);
    }

    /** {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}

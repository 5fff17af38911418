package io.infrakit.controllers.autoscale;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week, each {@code *},
 * {@code 5}, {@code 1-5}, {@code 8,12}, {@code *}{@code /15}), matched minute by minute. Day of week
 * is 0-6 from Sunday (7 is Sunday too). When both day fields are restricted, either may match, as
 * in cron.
 */
public final class CronSchedule {

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean anyDay;
    private final boolean anyWeekday;

    private CronSchedule(String text, BitSet[] fields, boolean anyDay, boolean anyWeekday) {
        this.text = text;
        this.minutes = fields[0];
        this.hours = fields[1];
        this.days = fields[2];
        this.months = fields[3];
        this.weekdays = fields[4];
        this.anyDay = anyDay;
        this.anyWeekday = anyWeekday;
    }

    /** Parses; throws IllegalArgumentException naming the field that is wrong. */
    public static CronSchedule parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("'" + text + "' is not a cron expression of 5 fields"
                    + " (minute hour day month weekday), e.g. \"0 8 * * 1-5\"");
        }
        String[] names = {"minute", "hour", "day of month", "month", "day of week"};
        int[][] ranges = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
        BitSet[] fields = new BitSet[5];
        for (int i = 0; i < 5; i++) {
            fields[i] = field(parts[i], ranges[i][0], ranges[i][1], names[i], text);
        }
        if (fields[4].get(7)) {
            fields[4].set(0);
        }
        return new CronSchedule(text.trim(), fields, parts[2].equals("*"), parts[4].equals("*"));
    }

    private static BitSet field(String f, int min, int max, String name, String text) {
        BitSet out = new BitSet();
        for (String item : f.split(",")) {
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                step = number(item.substring(slash + 1), 1, max, name, text);
                range = item.substring(0, slash);
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                String[] ab = range.split("-", 2);
                lo = number(ab[0], min, max, name, text);
                hi = number(ab[1], min, max, name, text);
                if (hi < lo) {
                    throw new IllegalArgumentException("cron '" + text + "': " + name + " range " + range + " runs backwards");
                }
            } else {
                lo = number(range, min, max, name, text);
                hi = slash >= 0 ? max : lo;
            }
            for (int v = lo; v <= hi; v += step) {
                out.set(v);
            }
        }
        return out;
    }

    private static int number(String s, int min, int max, String name, String text) {
        try {
            int v = Integer.parseInt(s);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // worded below
        }
        throw new IllegalArgumentException("cron '" + text + "': " + name + " '" + s + "' is not a number from " + min + " to " + max);
    }

    public boolean matches(ZonedDateTime t) {
        if (!minutes.get(t.getMinute()) || !hours.get(t.getHour()) || !months.get(t.getMonthValue())) {
            return false;
        }
        int weekday = t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : t.getDayOfWeek().getValue();
        boolean day = days.get(t.getDayOfMonth());
        boolean week = weekdays.get(weekday);
        if (anyDay || anyWeekday) {
            return day && week;
        }
        return day || week;
    }

    /** Whether a minute matching the schedule lies in {@code (now - window, now]}: the schedule is "on". */
    public boolean activeAt(ZonedDateTime now, java.time.Duration window) {
        ZonedDateTime t = now.truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime oldest = now.minus(window);
        while (t.isAfter(oldest)) {
            if (matches(t)) {
                return true;
            }
            t = t.minusMinutes(1);
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}

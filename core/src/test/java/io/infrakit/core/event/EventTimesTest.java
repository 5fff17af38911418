package io.infrakit.core.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link EventTimes#format} against the JDK's {@link Instant#toString()}: the same text for every instant. */
class EventTimesTest {

    @Test
    void writesWhatInstantToStringWrites() {
        List<Instant> cases = new ArrayList<>(List.of(
                Instant.EPOCH, Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(59, 999_999_999),
                Instant.parse("2026-11-29T06:11:42.267302200Z"), Instant.parse("2026-11-29T06:11:42.267Z"),
                Instant.parse("2026-11-29T06:11:42.267302Z"), Instant.parse("2026-11-29T06:11:42Z"),
                Instant.parse("2024-02-29T23:59:59.000000001Z"), Instant.parse("2000-01-01T00:00:00.100Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.ofEpochSecond(253_402_300_800L),
                Instant.parse("1969-12-31T23:59:59.5Z"), Instant.parse("0001-01-01T00:00:00Z"),
                Instant.ofEpochSecond(-62_167_219_200L - 1), Instant.MAX, Instant.MIN,
                Instant.ofEpochSecond(1_700_000_000L, 10_000), Instant.ofEpochSecond(1_700_000_000L, 10_000_000)));
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-100_000_000_000L, 300_000_000_000L);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            cases.add(Instant.ofEpochSecond(seconds, nano));
        }
        for (Instant t : cases) {
            assertThat(EventTimes.format(t)).as(t.getEpochSecond() + "s " + t.getNano() + "ns").isEqualTo(t.toString());
        }
    }
}

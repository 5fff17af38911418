package io.infrakit.cli;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** InstanceRows reads event times by hand for speed: the same instants as Instant.parse, and the same refusals. */
class InstantParsingTest {

    @Test
    void sameInstantsAsTheJdk() {
        for (String t : List.of("2026-11-29T06:11:42Z", "2026-11-29T06:11:42.2Z", "2026-11-29T06:11:42.267Z",
                "2026-11-29T06:11:42.267302Z", "2026-11-29T06:11:42.267302200Z", "1970-01-01T00:00:00Z",
                "2024-02-29T23:59:59.999999999Z", "1969-12-31T23:59:59.5Z", "2026-11-29T06:11:42.Z", "2026-11-29T06:11:42+01:00")) {
            assertThat(InstanceRows.instant(t)).as(t).isEqualTo(Instant.parse(t));
        }
    }

    @Test
    void sameRefusals() {
        for (String t : List.of("2026-02-30T06:11:42Z", "2026-11-29T24:11:42Z",
                "2026-11-29T06:11:42.12a4Z", "yesterday", "2026-13-01T00:00:00Z")) {
            assertThatThrownBy(() -> InstanceRows.instant(t)).as(t).isInstanceOf(DateTimeParseException.class);
        }
    }
}

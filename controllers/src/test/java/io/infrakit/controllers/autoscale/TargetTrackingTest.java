package io.infrakit.controllers.autoscale;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.controllers.SpecProblems;
import io.infrakit.spi.controller.ControllerSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The autoscaler's pure rule and its cron schedules. */
class TargetTrackingTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");   // a Monday

    static AutoscaleSpec spec(String extra) throws Exception {
        ControllerSpec s = new ObjectMapper().readValue("""
                {"kind": "autoscale", "metadata": {"name": "web"},
                 "properties": {"Group": "group/web", "Query": "sum(demand)", "Target": 50,
                   "Min": 2, "Max": 6, "MaxStep": 2, "ScaleOutCooldown": "1m", "ScaleInCooldown": "5m" %s}}""".formatted(extra),
                ControllerSpec.class);
        SpecProblems p = new SpecProblems("autoscale");
        AutoscaleSpec parsed = AutoscaleSpec.parse(s, p);
        assertThat(p.all()).isEmpty();
        return parsed;
    }

    @Test
    void stepsTowardsTheDemandWithinBoundsStepAndCooldowns() throws Exception {
        AutoscaleSpec s = spec("");
        assertThat(TargetTracking.decide(s, 2, 300.0, null, null, T0).to()).isEqualTo(4);        // wants 6, MaxStep 2
        assertThat(TargetTracking.decide(s, 4, 300.0, T0, T0, T0.plusSeconds(30)).to()).isEqualTo(4); // out cooldown
        assertThat(TargetTracking.decide(s, 4, 300.0, T0, T0, T0.plusSeconds(61)).to()).isEqualTo(6);
        assertThat(TargetTracking.decide(s, 6, 9000.0, T0, T0, T0.plusSeconds(600)).to()).isEqualTo(6);   // Max
        assertThat(TargetTracking.decide(s, 6, 10.0, T0, T0, T0.plusSeconds(120)).to()).isEqualTo(6);   // in cooldown
        Decision in = TargetTracking.decide(s, 6, 10.0, T0, T0, T0.plusSeconds(301));
        assertThat(in.to()).isEqualTo(4);
        assertThat(in.describe()).contains("size 6 -> 4", "measured 10", "demand 10 / target 50");
        assertThat(TargetTracking.decide(s, 2, 0.0, null, null, T0).to()).isEqualTo(2);   // Min
    }

    @Test
    void anAverageOfTheMembersOwnMetricScalesWithTheSize() throws Exception {
        // CPU % averaged over the members: 4 members at 90% with a 60% target want 6.
        AutoscaleSpec s = spec(", \"Average\": true, \"Target\": 60, \"MaxStep\": 4");
        Decision d = TargetTracking.decide(s, 4, 90.0, null, null, T0);
        assertThat(d.to()).isEqualTo(6);
        assertThat(d.reason()).contains("average 90 per member x 4 members / target 60 = 6");
        assertThat(TargetTracking.decide(s, 4, 30.0, null, null, T0).to()).isEqualTo(2);
        assertThat(TargetTracking.decide(s, 4, 60.0, null, null, T0).to()).isEqualTo(4);
    }

    @Test
    void noDataNeverScalesInButBoundsStillHold() throws Exception {
        AutoscaleSpec s = spec("");
        Decision held = TargetTracking.decide(s, 6, null, null, null, T0);
        assertThat(held.to()).isEqualTo(6);
        assertThat(held.reason()).contains("no data");
        // A manual scale above Max comes back, a step at a time, data or not.
        assertThat(TargetTracking.decide(s, 9, null, null, null, T0).to()).isEqualTo(7);
        assertThat(TargetTracking.decide(s, 1, null, null, null, T0).to()).isEqualTo(2);
    }

    @Test
    void noDecisionLeavesTheBoundsOrMovesMoreThanMaxStep() throws Exception {
        AutoscaleSpec s = spec("");
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            int current = 2 + r.nextInt(5);
            Double value = r.nextInt(10) == 0 ? null : r.nextDouble() * 600;
            Instant now = T0.plusSeconds(r.nextInt(3600));
            Instant lastOut = r.nextBoolean() ? null : now.minusSeconds(r.nextInt(600));
            Instant lastChange = r.nextBoolean() ? lastOut : now.minusSeconds(r.nextInt(600));
            Decision d = TargetTracking.decide(s, current, value, lastOut, lastChange, now);
            assertThat(d.to()).isBetween(2, 6);
            assertThat(Math.abs(d.to() - d.from())).isLessThanOrEqualTo(2);
            if (value == null) {
                assertThat(d.to()).isGreaterThanOrEqualTo(d.from());
            }
            if (d.to() < d.from()) {
                assertThat(lastChange == null || !now.isBefore(lastChange.plus(Duration.ofMinutes(5)))).isTrue();
            }
        }
    }

    @Test
    void aScheduleRaisesMinWhileItIsOn() throws Exception {
        AutoscaleSpec s = spec(", \"Schedules\": [{\"Cron\": \"0 8 * * 1-5\", \"Duration\": \"10h\", \"Min\": 4}]");
        // Monday 10:00 UTC: on since 08:00.
        assertThat(TargetTracking.decide(s, 2, 0.0, null, null, T0)).satisfies(d -> {
            assertThat(d.to()).isEqualTo(4);
            assertThat(d.reason()).contains("schedule '0 8 * * 1-5' Min 4");
        });
        // Monday 19:00: off; Sunday 10:00: off.
        assertThat(TargetTracking.decide(s, 2, 0.0, null, null, T0.plus(Duration.ofHours(9))).to()).isEqualTo(2);
        assertThat(TargetTracking.decide(s, 2, 0.0, null, null, T0.minus(Duration.ofDays(1))).to()).isEqualTo(2);
    }

    @Test
    void cronFieldsParseAndMatch() {
        CronSchedule c = CronSchedule.parse("*/15 9-17 * * 1,3,5");
        assertThat(c.matches(ZonedDateTime.of(2026, 3, 2, 9, 30, 0, 0, ZoneOffset.UTC))).isTrue();   // Monday
        assertThat(c.matches(ZonedDateTime.of(2026, 3, 3, 9, 30, 0, 0, ZoneOffset.UTC))).isFalse();  // Tuesday
        assertThat(c.matches(ZonedDateTime.of(2026, 3, 2, 9, 31, 0, 0, ZoneOffset.UTC))).isFalse();
        assertThat(CronSchedule.parse("0 0 * * 7").matches(ZonedDateTime.of(2026, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC))).isTrue();
        for (String bad : new String[]{"* * *", "61 * * * *", "5-1 * * * *", "x * * * *"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> CronSchedule.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.equals("* * *") ? "5 fields" : "cron");
        }
    }
}

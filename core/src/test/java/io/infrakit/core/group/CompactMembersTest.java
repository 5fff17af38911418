package io.infrakit.core.group;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.core.group.plan.Member;
import io.infrakit.spi.Tags;
import io.infrakit.spi.flavor.Health;
import io.infrakit.spi.instance.CompactTags;
import io.infrakit.spi.instance.InstanceDescription;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the ledger keeps of each member: what describe, get and the planner need, and no JSON tree. */
class CompactMembersTest {

    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    /** A member as a plugin in another process sends it: fresh maps and strings, Properties sent anyway. */
    static InstanceDescription decoded(String id, String logicalId, String hash) {
        Map<String, String> tags = new HashMap<>();
        tags.put(new String(Tags.GROUP), new String("g"));
        tags.put(new String(Tags.CONFIG_HASH), new String(hash));
        tags.put(new String(Tags.LOGICAL_ID), new String(logicalId));
        tags.put(new String(Tags.PROTECTED), new String(Tags.TRUE));
        ObjectNode props = JsonNodeFactory.instance.objectNode().put("ip", "10.0.0.1");
        return new InstanceDescription(new String(id), null, tags, props);
    }

    @Test
    void keepsIdLogicalIdAndTagsAndDropsProperties() {
        CompactMembers compact = new CompactMembers();
        InstanceDescription d = decoded("i-1", "db-1", "h1");
        InstanceDescription kept = compact.of(d, null);
        assertThat(kept.id()).isEqualTo("i-1");
        assertThat(kept.tags()).isInstanceOf(CompactTags.class).isEqualTo(d.tags());
        assertThat(kept.properties()).isNull();
        assertThat(kept).isEqualTo(d.withoutProperties());
    }

    @Test
    void membersShareTagValuesAndAnUnchangedMemberKeepsItsRecord() {
        CompactMembers compact = new CompactMembers();
        InstanceDescription a = compact.of(decoded("i-1", "db-1", "h1"), null);
        InstanceDescription b = compact.of(decoded("i-2", "db-2", "h1"), null);
        assertThat(a.tag(Tags.CONFIG_HASH)).isSameAs(b.tag(Tags.CONFIG_HASH));
        assertThat(a.tag(Tags.GROUP)).isSameAs(b.tag(Tags.GROUP));
        // The next poll decodes the same member again: the record from the last poll is kept.
        assertThat(compact.of(decoded("i-1", "db-1", "h1"), a)).isSameAs(a);
        // A changed tag (a rolling update relabelled it) makes a new record.
        InstanceDescription relabelled = compact.of(decoded("i-1", "db-1", "h2"), a);
        assertThat(relabelled).isNotSameAs(a);
        assertThat(relabelled.tag(Tags.CONFIG_HASH)).isEqualTo("h2");
        // An already compact member from a plugin in this JVM is kept as it is.
        assertThat(compact.of(a, null)).isSameAs(a);
    }

    @Test
    void theLedgerKeepsCompactRecordsThatDescribeAndThePlannerCanUse() {
        InFlight ledger = new InFlight();
        List<InstanceDescription> found = List.of(decoded("i-1", "db-1", "h1"), decoded("i-2", "db-2", "h1"));
        InFlight.Observation o = ledger.observe(found, T0, T0, Duration.ofMinutes(10), Duration.ofSeconds(10));
        assertThat(o.seen().values()).allSatisfy(d -> {
            assertThat(d.properties()).isNull();
            assertThat(d.tags()).isInstanceOf(CompactTags.class);
        });
        // What DescribeGroup answers: the members without properties, tags intact.
        List<InstanceDescription> described = ledger.lastObserved();
        assertThat(described).extracting(InstanceDescription::id).containsExactly("i-1", "i-2");
        assertThat(described).containsExactly(found.get(0).withoutProperties(), found.get(1).withoutProperties());
        // What the planner reads: logical ID from the tag, group, config hash, protection.
        ledger.recordHealth(Map.of("i-1", Health.HEALTHY), T0);
        List<Member> members = ledger.members(described);
        Member m = members.get(0);
        assertThat(m.logicalId()).isEqualTo("db-1");
        assertThat(m.group()).isEqualTo("g");
        assertThat(m.configHash()).isEqualTo("h1");
        assertThat(m.isProtected()).isTrue();
        assertThat(m.health()).isEqualTo(Health.HEALTHY);
        assertThat(m.since()).isEqualTo(T0);
        assertThat(members.get(1).logicalId()).isEqualTo("db-2");
        // The next poll of the same members keeps the same records (nothing allocated per member).
        InstanceDescription before = described.get(0);
        ledger.observe(List.of(decoded("i-1", "db-1", "h1"), decoded("i-2", "db-2", "h1")), T0.plusSeconds(10),
                T0.plusSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(10));
        assertThat(ledger.lastObserved().get(0)).isSameAs(before);
    }
}

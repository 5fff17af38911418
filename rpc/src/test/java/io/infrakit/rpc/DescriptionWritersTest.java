package io.infrakit.rpc;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.rpc.binding.GroupRpc;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupStatus;
import io.infrakit.spi.instance.CompactTags;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.TagPool;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hand-written writers of a group's description ({@link DescriptionWriters}, in the wire mapper) against
 * Jackson's bean serializers with the same settings ({@link WireJson#beanSerializersOnly()}): the same bytes for
 * every shape a member or a description can take.
 */
class DescriptionWritersTest {

    private static final ObjectMapper HAND = WireJson.mapper();
    private static final ObjectMapper JACKSON = WireJson.beanSerializersOnly();

    /** Members with every field present, absent (null) or odd, and tags compact, plain, unsorted, empty or null. */
    static List<InstanceDescription> varied() throws Exception {
        TagPool pool = new TagPool();
        Map<String, String> unsorted = new LinkedHashMap<>();
        unsorted.put("zone", "b");
        unsorted.put("infrakit.group", "workers");
        unsorted.put("Ärger", "\"quoted\" \\ \n\t\u0001 ünï 😀");
        unsorted.put("infrakit.config.hash", "seq2jslr");
        unsorted.put("a \"quoted\"\\name\u0007", "v");
        Map<String, String> withNullValue = new HashMap<>();
        withNullValue.put("infrakit.group", "workers");
        withNullValue.put("empty", "");
        withNullValue.put("gone", null);
        JsonNode props = HAND.readTree("{\"b\":1,\"a\":[true,null,1.5,\"x\"],\"nested\":{\"z\":{},\"y\":[]}}");
        List<InstanceDescription> members = new ArrayList<>();
        members.add(new InstanceDescription("i-1", "10.0.0.1", CompactTags.of(unsorted, pool), null));
        members.add(new InstanceDescription("i-2", null, CompactTags.of(withNullValue, pool), props));
        members.add(new InstanceDescription("i-3", "", unsorted, null)); // not compact: Jackson's MapSerializer sorts it
        members.add(new InstanceDescription("i-4", "lid", new TreeMap<>(unsorted), HAND.readTree("\"a string\"")));
        members.add(new InstanceDescription("i-5", null, CompactTags.of(Map.of(), pool), HAND.readTree("null")));
        members.add(new InstanceDescription("i-6", null, Map.of(), HAND.readTree("[]")));
        members.add(new InstanceDescription(null, null, null, null));
        members.add(new InstanceDescription("i-8\u2028</script>", "lid-\u0000", CompactTags.of(withNullValue, pool),
                HAND.readTree("{}")));
        members.add(null);
        return members;
    }

    static List<GroupDescription> descriptions() throws Exception {
        List<InstanceDescription> members = varied();
        GroupStatus full = new GroupStatus(3, 2, 1, 1, 1, 0, 2, false, "paused: canary", "stopped: 3 failures", 4,
                "2026-11-29T12:00:00Z", "boom \"x\"", "rolling");
        GroupStatus sparse = new GroupStatus(0, 0, 0, 0, 0, 0, 0, true, null, null, 0, null, null, null);
        return List.of(
                new GroupDescription(members, true, full),
                new GroupDescription(members, false, sparse),
                new GroupDescription(members, false),
                new GroupDescription(List.of(), true),
                new GroupDescription(null, false),
                new GroupDescription(Arrays.asList(null, null), true, null));
    }

    @Test
    void describeGroupAnswersAreTheBytesJacksonWrites() throws Exception {
        for (GroupDescription d : descriptions()) {
            GroupRpc.DescribeResult r = new GroupRpc.DescribeResult("group/workers", "workers", d);
            String ours = new String(HAND.writeValueAsBytes(r), StandardCharsets.UTF_8);
            assertThat(ours).isEqualTo(new String(JACKSON.writeValueAsBytes(r), StandardCharsets.UTF_8));
            // The same through the other ways the mapper writes: strings, trees, pretty printed.
            assertThat(HAND.writeValueAsString(d)).isEqualTo(JACKSON.writeValueAsString(d));
            assertThat(HAND.valueToTree(d).toString()).isEqualTo(JACKSON.valueToTree(d).toString());
            assertThat(HAND.writerWithDefaultPrettyPrinter().writeValueAsString(d))
                    .isEqualTo(JACKSON.writerWithDefaultPrettyPrinter().writeValueAsString(d));
        }
    }

    @Test
    void aWriterThatEscapesMoreEscapesTheTagNamesToo() throws Exception {
        HAND.writeValueAsString(descriptions().getFirst()); // the names are kept quoted by now
        for (GroupDescription d : descriptions()) {
            assertThat(HAND.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(d))
                    .isEqualTo(JACKSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(d));
        }
        assertThat(HAND.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(descriptions().getFirst()))
                .contains("\\u00C4rger");
    }

    @Test
    void membersAloneAndInListsAreTheBytesJacksonWrites() throws Exception {
        List<InstanceDescription> members = varied();
        assertThat(HAND.writeValueAsString(members)).isEqualTo(JACKSON.writeValueAsString(members));
        for (InstanceDescription m : members) {
            assertThat(HAND.writeValueAsString(m)).isEqualTo(JACKSON.writeValueAsString(m));
        }
        // The compact tags come out sorted by name, as Go writes a map (and as the member's annotations promise).
        assertThat(HAND.writeValueAsString(members.getFirst()))
                .contains("\"Tags\":{\"a \\\"quoted\\\"\\\\name\\u0007\":\"v\",\"infrakit.config.hash\":\"seq2jslr\",\"infrakit.group\":\"workers\",\"zone\":\"b\",\"Ärger\":");
    }

    @Test
    void whatTheWritersWriteReadsBackAsTheSameRecords() throws Exception {
        GroupDescription d = descriptions().getFirst();
        GroupDescription back = HAND.readValue(HAND.writeValueAsBytes(d), GroupDescription.class);
        assertThat(back.converged()).isTrue();
        assertThat(back.status()).isEqualTo(d.status());
        assertThat(back.instances()).hasSize(d.instances().size());
        for (int i = 0; i < d.instances().size() - 1; i++) {
            InstanceDescription want = d.instances().get(i);
            InstanceDescription got = back.instances().get(i);
            assertThat(got.id()).isEqualTo(want.id());
            assertThat(got.logicalId()).isEqualTo(want.logicalId());
            assertThat(got.tags()).isEqualTo(want.tags());
        }
    }

    @Test
    void aTagMapJacksonRefusesIsRefusedAlike() {
        Map<String, String> nullName = new HashMap<>();
        nullName.put(null, "x");
        nullName.put("a", "b");
        InstanceDescription m = new InstanceDescription("i-1", null, CompactTags.of(nullName, new TagPool()), null);
        Class<? extends Throwable> jackson = catchClass(() -> JACKSON.writeValueAsString(m));
        assertThatThrownBy(() -> HAND.writeValueAsString(m)).isInstanceOf(jackson);
    }

    private static Class<? extends Throwable> catchClass(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (Throwable t) {
            return t.getClass();
        }
        throw new AssertionError("Jackson wrote a map with a null name");
    }
}

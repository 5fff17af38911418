package io.infrakit.spi.instance;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompactTagsTest {

    static Map<String, String> hashMap(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void keepsEveryTagSortedByNameAndEqualsTheMapItCameFrom() {
        Map<String, String> from = hashMap("zone", "a", "infrakit.group", "web", "infrakit.config.hash", "h1");
        Map<String, String> c = CompactTags.of(from, new TagPool());
        assertThat(c).isInstanceOf(CompactTags.class).isEqualTo(from).hasSize(3);
        assertThat(from).isEqualTo(c);
        assertThat(c.hashCode()).isEqualTo(from.hashCode());
        assertThat(List.copyOf(c.keySet())).containsExactly("infrakit.config.hash", "infrakit.group", "zone");
        assertThat(c.get("infrakit.group")).isEqualTo("web");
        assertThat(c.get("missing")).isNull();
        assertThat(c.get(42)).isNull();
        assertThat(c.containsKey("zone")).isTrue();
        assertThat(c.containsKey("zon")).isFalse();
    }

    @Test
    void isImmutable() {
        Map<String, String> c = CompactTags.of(hashMap("a", "1"), new TagPool());
        assertThatThrownBy(() -> c.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.entrySet().iterator().next().setValue("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(c).containsEntry("a", "1");
    }

    @Test
    void nullAndEmptyAreTheEmptyMapAndANullValueIsKept() {
        TagPool pool = new TagPool();
        assertThat(CompactTags.of(null, pool)).isEmpty();
        assertThat(CompactTags.of(Map.of(), pool)).isEmpty();
        Map<String, String> withNull = new HashMap<>();
        withNull.put("a", null);
        Map<String, String> c = CompactTags.of(withNull, pool);
        assertThat(c).containsKey("a").hasSize(1);
        assertThat(c.get("a")).isNull();
        assertThat(c).isEqualTo(withNull);
    }

    @Test
    void aNullNameFallsBackToASortedCopy() {
        Map<String, String> odd = new HashMap<>();
        odd.put(null, "x");
        odd.put("b", "y");
        Map<String, String> c = CompactTags.of(odd, new TagPool());
        assertThat(c).isNotInstanceOf(CompactTags.class).isEqualTo(odd);
    }

    @Test
    void membersOfAGroupShareNamesAndValues() {
        TagPool pool = new TagPool();
        // Two decodes of the same JSON: equal strings, different objects.
        Map<String, String> one = hashMap(new String("infrakit.group"), new String("web"), "id", "i-1");
        Map<String, String> two = hashMap(new String("infrakit.group"), new String("web"), "id", "i-2");
        Map<String, String> a = CompactTags.of(one, pool);
        Map<String, String> b = CompactTags.of(two, pool);
        assertThat(a.get("infrakit.group")).isSameAs(b.get("infrakit.group"));
        assertThat(a.keySet().iterator().next()).isSameAs(b.keySet().iterator().next());
        assertThat(pool.nameSetCount()).isEqualTo(1);
        assertThat(CompactTags.of(a, pool)).isSameAs(a);
    }

    @Test
    void writesJsonSortedByName() throws Exception {
        Map<String, String> from = new LinkedHashMap<>();
        from.put("z", "1");
        from.put("a", "2");
        InstanceDescription d = new InstanceDescription("i-1", "lid", CompactTags.of(from, new TagPool()), null);
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(d);
        assertThat(text).isEqualTo("{\"ID\":\"i-1\",\"LogicalID\":\"lid\",\"Tags\":{\"a\":\"2\",\"z\":\"1\"}}");
        assertThat(json.readValue(text, InstanceDescription.class)).isEqualTo(d);
    }
}

package io.infrakit.spi.instance;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TagPoolTest {

    @Test
    void equalValuesComeBackAsOneObject() {
        TagPool pool = new TagPool();
        String first = new String("web");
        assertThat(pool.value(first)).isSameAs(first);
        assertThat(pool.value(new String("web"))).isSameAs(first);
        assertThat(pool.value(null)).isNull();
        assertThat(pool.valueCount()).isEqualTo(1);
    }

    @Test
    void valuesAreEvictedAtTheBoundLeastRecentlyUsedFirst() {
        TagPool pool = new TagPool(3, 2);
        String a = pool.value(new String("a"));
        String b = pool.value(new String("b"));
        pool.value(new String("c"));
        assertThat(pool.valueCount()).isEqualTo(3);
        assertThat(pool.value(new String("a"))).isSameAs(a); // a is now the most recently used
        pool.value(new String("d")); // over the bound: b, the least recently used, goes
        assertThat(pool.valueCount()).isEqualTo(3);
        assertThat(pool.value(new String("a"))).isSameAs(a);
        String b2 = new String("b");
        assertThat(pool.value(b2)).isSameAs(b2).isNotSameAs(b); // b was dropped: a new copy is kept
        assertThat(pool.valueCount()).isEqualTo(3);
    }

    @Test
    void nameSetsAreEvictedAtTheBound() {
        TagPool pool = new TagPool(100, 2);
        String[] ab = pool.names(new String[] {"a", "b"});
        pool.names(new String[] {"a"});
        assertThat(pool.names(new String[] {"a", "b"})).isSameAs(ab);
        pool.names(new String[] {"c"}); // over the bound: {a}, the least recently used, goes
        assertThat(pool.nameSetCount()).isEqualTo(2);
        assertThat(pool.names(new String[] {"a", "b"})).isSameAs(ab);
        assertThat(pool.nameSetCount()).isEqualTo(2);
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThatThrownBy(() -> new TagPool(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}

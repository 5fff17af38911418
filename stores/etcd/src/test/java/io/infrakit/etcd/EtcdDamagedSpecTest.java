package io.infrakit.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.infrakit.core.manager.store.DamagedGroupException;
import io.infrakit.core.manager.store.SpecStore;
import io.infrakit.core.manager.store.StoreDamage;
import io.infrakit.core.manager.store.StoredSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.infrakit.etcd.EtcdSpecStoreTest.size;
import static io.infrakit.etcd.EtcdSpecStoreTest.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A value in etcd changed behind the store's back (torn, edited, overwritten) is found out by its
 * checksum, as a version file is: the damaged group is reported, left out of the list, never
 * silently replaced by an older version, and only a restore that names the damaged version commits
 * over it. Against a real etcd (started by the test, as {@link EtcdSpecStoreTest} does).
 */
class EtcdDamagedSpecTest {
    private static EtcdCluster cluster;
    private EtcdBackend backend;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = EtcdCluster.start(1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static byte[] value(KV kv, String key) throws Exception {
        return kv.get(bytes(key)).get(5, TimeUnit.SECONDS).getKvs().get(0).getValue().getBytes();
    }

    @Test
    void aTornCurrentValueDamagesItsGroupAndAnEditedOldOneIsReported() throws Exception {
        String prefix = "/test-" + UUID.randomUUID() + "/";
        backend = EtcdBackend.open(EtcdConfig.of(cluster.endpoints()).withPrefix(prefix).withRequestTimeout(Duration.ofSeconds(3)));
        SpecStore store = backend.specStore();
        KV kv = backend.kv();
        store.commit(spec("workers", 3), SpecStore.NO_VERSION);
        store.commit(spec("workers", 5), 1);
        store.commit(spec("other", 1), SpecStore.NO_VERSION);
        assertThat(store.damage()).isEmpty();

        // Tear the current value of workers: its first half only.
        String current = prefix + "specs/current/workers";
        byte[] whole = value(kv, current);
        kv.put(bytes(current), ByteSequence.from(Arrays.copyOf(whole, whole.length / 2))).get(5, TimeUnit.SECONDS);

        assertThat(store.list()).extracting(StoredSpec::id).containsExactly("other");
        List<StoreDamage> damage = store.damage();
        assertThat(damage).hasSize(1);
        StoreDamage d = damage.get(0);
        assertThat(d.group()).isEqualTo("workers");
        assertThat(d.newest()).isTrue();
        assertThat(d.file()).isEqualTo("etcd key " + current);
        assertThat(d.reason()).contains("not complete JSON");
        assertThat(d.restore()).isEqualTo(2);
        assertThatThrownBy(() -> store.get("workers")).isInstanceOf(DamagedGroupException.class)
                .hasMessageContaining("group 'workers' is damaged").hasMessageContaining("infrakit rollback workers --to-version 2");
        // Nothing commits over it by accident, not even "any version"; the kept versions are intact.
        assertThatThrownBy(() -> store.commit(spec("workers", 3), SpecStore.ANY_VERSION)).isInstanceOf(DamagedGroupException.class);
        assertThatThrownBy(() -> store.commit(spec("workers", 3), 2)).isInstanceOf(DamagedGroupException.class);
        assertThat(store.history("workers")).extracting(StoredSpec::version).containsExactly(2L, 1L);
        assertThat(store.get("other")).map(EtcdSpecStoreTest::size).contains(1);

        // A restore names the damaged version and goes over it.
        StoredSpec restored = store.commit(store.history("workers").get(0).spec(), d.version());
        assertThat(restored.version()).isEqualTo(d.version() + 1);
        assertThat(store.get("workers")).map(EtcdSpecStoreTest::size).contains(5);
        assertThat(store.damage()).isEmpty();

        // An old version edited in place (same length, one digit changed): its checksum says so.
        String old = prefix + "specs/history/workers/" + String.format("%020d", 1);
        String text = new String(value(kv, old), StandardCharsets.UTF_8);
        assertThat(text).containsPattern("\"Size\"\\s*:\\s*3");
        kv.put(bytes(old), bytes(text.replaceFirst("(\"Size\"\\s*:\\s*)3", "$19"))).get(5, TimeUnit.SECONDS);
        List<StoreDamage> edited = store.damage();
        assertThat(edited).singleElement().satisfies(e -> {
            assertThat(e.newest()).isFalse();
            assertThat(e.version()).isEqualTo(1);
            assertThat(e.reason()).contains("checksum");
        });
        assertThat(store.history("workers")).extracting(StoredSpec::version).doesNotContain(1L);
        assertThat(store.list()).extracting(StoredSpec::id).containsExactly("other", "workers");
        assertThat(size(store.get("workers").orElseThrow())).isEqualTo(5);
    }
}

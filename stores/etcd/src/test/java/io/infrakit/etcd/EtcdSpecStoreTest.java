package io.infrakit.etcd;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.core.manager.store.SpecConflictException;
import io.infrakit.core.manager.store.SpecStore;
import io.infrakit.core.manager.store.StoredSpec;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The spec store against a real 3-member etcd cluster. */
class EtcdSpecStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EtcdCluster cluster;

    private final List<EtcdBackend> backends = new ArrayList<>();
    private EtcdConfig config;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = EtcdCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void freshPrefix() {
        // Each test writes under its own prefix, so tests sharing the cluster do not see each other.
        config = EtcdConfig.of(cluster.endpoints()).withPrefix("/test-" + UUID.randomUUID() + "/")
                .withRequestTimeout(Duration.ofSeconds(3));
    }

    @AfterEach
    void closeBackends() {
        backends.forEach(EtcdBackend::close);
    }

    private SpecStore store(EtcdConfig c) {
        EtcdBackend b = EtcdBackend.open(c);
        backends.add(b);
        return b.specStore();
    }

    static GroupSpec spec(String id, int size) {
        return new GroupSpec(id, JSON.createObjectNode().set("Allocation", JSON.createObjectNode().put("Size", size)));
    }

    static int size(StoredSpec s) {
        return s.spec().properties().path("Allocation").path("Size").asInt();
    }

    @Test
    void commitsGetsAndListsByIdWithGrowingVersions() {
        SpecStore store = store(config);
        assertThat(store.list()).isEmpty();
        assertThat(store.get("workers")).isEmpty();

        StoredSpec first = store.commit(spec("workers", 3), SpecStore.NO_VERSION);
        assertThat(first.version()).isEqualTo(1);
        StoredSpec second = store.commit(spec("workers", 5), 1);
        assertThat(second.version()).isEqualTo(2);
        store.commit(spec("a/b", 1), SpecStore.ANY_VERSION);
        store.commit(spec("cattle", 2), SpecStore.NO_VERSION);

        assertThat(store.get("workers")).get().satisfies(s -> {
            assertThat(s.version()).isEqualTo(2);
            assertThat(size(s)).isEqualTo(5);
            assertThat(s.spec()).isEqualTo(spec("workers", 5));
        });
        assertThat(store.list()).extracting(StoredSpec::id).containsExactly("a/b", "cattle", "workers");
        // Another manager (its own client) reads the same.
        assertThat(store(config).get("workers")).get().extracting(StoredSpec::version).isEqualTo(2L);
    }

    @Test
    void staleCommitIsRefusedAndChangesNothing() {
        SpecStore store = store(config);
        store.commit(spec("workers", 3), SpecStore.NO_VERSION);
        store.commit(spec("workers", 4), 1);

        assertThatThrownBy(() -> store.commit(spec("workers", 99), 1))
                .isInstanceOf(SpecConflictException.class)
                .hasMessageContaining("expected version 1, found 2");
        assertThatThrownBy(() -> store.commit(spec("workers", 99), SpecStore.NO_VERSION))
                .isInstanceOf(SpecConflictException.class);
        assertThatThrownBy(() -> store.commit(spec("new", 1), 3))
                .isInstanceOf(SpecConflictException.class)
                .hasMessageContaining("found 0");
        assertThat(store.get("workers")).get().extracting(EtcdSpecStoreTest::size).isEqualTo(4);
        assertThat(store.get("new")).isEmpty();
        assertThat(store.history("workers")).hasSize(2);
    }

    @Test
    void twoManagersRacingNeverLoseAnUpdate() throws Exception {
        SpecStore a = store(config);
        SpecStore b = store(config);
        a.commit(spec("counter", 0), SpecStore.NO_VERSION);
        int perManager = 15;
        AtomicInteger conflicts = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (SpecStore s : List.of(a, b)) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int done = 0; done < perManager; ) {
                    StoredSpec cur = s.get("counter").orElseThrow();
                    try {
                        s.commit(spec("counter", size(cur) + 1), cur.version());
                        done++;
                    } catch (SpecConflictException e) {
                        conflicts.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(60));
        }
        StoredSpec end = a.get("counter").orElseThrow();
        // Every increment landed exactly once: a lost update would leave the size below the count.
        assertThat(size(end)).isEqualTo(2 * perManager);
        assertThat(end.version()).isEqualTo(2 * perManager + 1);
        System.out.printf("etcd CAS race: %d commits, %d conflicts refused%n", 2 * perManager, conflicts.get());
    }

    @Test
    void historyIsBoundedNewestFirstAndRemoveForgetsAll() {
        SpecStore store = store(config.withHistoryLimit(3));
        for (int i = 1; i <= 5; i++) {
            store.commit(spec("web", i), SpecStore.ANY_VERSION);
        }
        store.commit(spec("web/x", 7), SpecStore.NO_VERSION);
        assertThat(store.history("web")).extracting(StoredSpec::version).containsExactly(5L, 4L, 3L);
        assertThat(store.history("web")).extracting(EtcdSpecStoreTest::size).containsExactly(5, 4, 3);
        // An ID holding '/' does not leak into its neighbour's history.
        assertThat(store.history("web/x")).extracting(StoredSpec::version).containsExactly(1L);

        assertThat(store.remove("web")).isTrue();
        assertThat(store.remove("web")).isFalse();
        assertThat(store.get("web")).isEmpty();
        assertThat(store.history("web")).isEmpty();
        assertThat(store.get("web/x")).isPresent();
        // A removed group starts over.
        assertThat(store.commit(spec("web", 1), SpecStore.NO_VERSION).version()).isEqualTo(1);
    }

    @Test
    void badInputIsRefusedWithTheField() {
        SpecStore store = store(config);
        assertThatThrownBy(() -> store.commit(new GroupSpec("", null), SpecStore.ANY_VERSION))
                .isInstanceOf(PluginException.class).hasMessageContaining("'ID'");
        assertThatThrownBy(() -> EtcdConfig.fromOptions(Map.of("endpoints", "localhost:2379")))
                .hasMessageContaining("'endpoints'").hasMessageContaining("http://HOST:PORT");
        assertThatThrownBy(() -> EtcdConfig.fromOptions(Map.of("endpoints", "http://a:1", "lease-tll", "5")))
                .hasMessageContaining("'lease-tll'").hasMessageContaining("lease-ttl");
        assertThatThrownBy(() -> EtcdConfig.fromOptions(Map.of("endpoints", "http://a:1", "cert", "/nonexistent.pem")))
                .hasMessageContaining("'cert'");
        EtcdConfig parsed = EtcdConfig.fromOptions(Map.of("endpoints", "http://a:1, http://b:2", "lease-ttl", "7",
                "user", "root", "password", "secret"));
        assertThat(parsed.endpoints()).hasSize(2);
        assertThat(parsed.leaseTtl()).isEqualTo(Duration.ofSeconds(7));
        assertThat(parsed.toString()).doesNotContain("secret");
    }

    @Test
    void theManagerFindsTheBackendByName() {
        var backend = io.infrakit.core.manager.ManagerBackend.find("etcd").orElseThrow();
        Map<String, String> options = EtcdConfig.withEnvironment(Map.of("prefix", config.prefix()),
                Map.of("INFRAKIT_ETCD_ENDPOINTS", cluster.endpointList(), "INFRAKIT_ETCD_TIMEOUT", "3"));
        try (var opened = backend.open(options)) {
            opened.specStore().commit(spec("found", 1), SpecStore.NO_VERSION);
            assertThat(store(config).get("found")).isPresent();
        }
        assertThat(io.infrakit.core.manager.ManagerBackend.names()).contains("etcd");
        // Every option the backend documents is one EtcdConfig accepts, and the other way round.
        assertThat(backend.options().keySet()).containsExactlyInAnyOrderElementsOf(EtcdConfig.OPTIONS);
    }

    @Test
    void survivesOneMemberDownAndRefusesWithoutQuorum() throws Exception {
        SpecStore store = store(config);
        store.commit(spec("ha", 1), SpecStore.NO_VERSION);
        try {
            cluster.kill(0);
            // Two of three: a quorum; reads and writes go on (after etcd replaced its raft leader, if
            // the killed member led: about one election timeout).
            long t0 = System.nanoTime();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                    assertThat(store.commit(spec("ha", 2), 1).version()).isEqualTo(2));
            System.out.printf("etcd store: first commit after a member was killed took %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
            assertThat(store.get("ha")).get().extracting(EtcdSpecStoreTest::size).isEqualTo(2);

            cluster.kill(1);
            // One of three: no quorum; a commit fails (it must not pretend to be durable).
            assertThatThrownBy(() -> store.commit(spec("ha", 3), 2))
                    .isInstanceOf(PluginException.class).hasMessageContaining("etcd");
        } finally {
            cluster.restart(0);
            cluster.restart(1);
        }
        // A write that timed out is ambiguous: etcd may apply it once the members are back. Either
        // it did, or our retry does; never both (the retry's compare-and-swap then fails).
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            try {
                store.commit(spec("ha", 3), 2);
            } catch (SpecConflictException landedMeanwhile) {
                // the timed-out commit was applied when quorum returned
            }
            assertThat(store.get("ha")).get().satisfies(s -> {
                assertThat(s.version()).isEqualTo(3);
                assertThat(size(s)).isEqualTo(3);
            });
        });
        assertThat(store.history("ha")).extracting(EtcdSpecStoreTest::size).containsExactly(3, 2, 1);
    }
}

package io.infrakit.etcd;

import io.etcd.jetcd.Client;
import io.infrakit.core.manager.store.Leadership;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leadership against a real 3-member etcd cluster: three candidates, each with its own etcd
 * client (as three managers on three hosts would have). A watcher samples all of them every few
 * milliseconds and records any moment at which two believed they led.
 */
class EtcdLeadershipTest {
    private static final Duration TTL = Duration.ofSeconds(3);
    private static EtcdCluster cluster;

    private final List<Candidate> candidates = new ArrayList<>();
    private final AtomicInteger splitBrain = new AtomicInteger();
    private volatile boolean watching = true;
    private Thread watcher;
    private EtcdConfig config;

    /** One manager: its own client, leadership and a log of role changes. */
    final class Candidate implements Leadership.Listener {
        final String self;
        final Client client;
        final EtcdLeadership leadership;
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile long electedAt;
        volatile long revokedAt;

        Candidate(String self) {
            this.self = self;
            this.client = EtcdBackend.client(config);
            this.leadership = new EtcdLeadership(client.getElectionClient(), client.getLeaseClient(),
                    client.getKVClient(), client.getWatchClient(), config.prefix() + "leader", TTL, config.requestTimeout());
            leadership.start(self, this);
        }

        @Override
        public void elected() {
            electedAt = System.nanoTime();
            events.add("elected");
        }

        @Override
        public void revoked() {
            revokedAt = System.nanoTime();
            events.add("revoked");
        }

        /** Like kill -9 of the manager: its connection to etcd vanishes, nothing is resigned. */
        void crash() {
            client.close();
        }

        void close() {
            leadership.close();
            client.close();
        }
    }

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
    void setUp() {
        config = EtcdConfig.of(cluster.endpoints()).withPrefix("/lead-" + UUID.randomUUID() + "/")
                .withLeaseTtl(TTL).withRequestTimeout(Duration.ofSeconds(2));
        watcher = Thread.ofVirtual().start(() -> {
            while (watching) {
                if (candidates.stream().filter(c -> c.leadership.isLeader()).count() > 1) {
                    splitBrain.incrementAndGet();
                }
                EtcdCluster.sleep(Duration.ofMillis(5));
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        watching = false;
        watcher.join();
        candidates.forEach(Candidate::close);
        assertThat(splitBrain.get()).as("samples in which two managers believed they led").isZero();
    }

    private List<Candidate> startThree() {
        for (String self : List.of("tcp://10.0.0.1:24864", "tcp://10.0.0.2:24864", "tcp://10.0.0.3:24864")) {
            candidates.add(new Candidate(self));
        }
        return candidates;
    }

    private Candidate awaitOneLeader(Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(20))
                .until(() -> candidates.stream().filter(c -> c.leadership.isLeader()).count() == 1);
        return candidates.stream().filter(c -> c.leadership.isLeader()).findFirst().orElseThrow();
    }

    @Test
    void exactlyOneLeadsAndEveryonePublishesWhere() {
        startThree();
        Candidate leader = awaitOneLeader(Duration.ofSeconds(10));
        for (Candidate c : candidates) {
            assertThat(c.leadership.leaderLocation()).contains(leader.self);
        }
        // Stable: nobody else is elected while the leader renews.
        EtcdCluster.sleep(TTL.multipliedBy(2));
        assertThat(candidates).filteredOn(c -> c.leadership.isLeader()).containsExactly(leader);
        assertThat(leader.events).containsExactly("elected");
    }

    @Test
    void cleanShutdownHandsOverAtOnce() {
        startThree();
        Candidate leader = awaitOneLeader(Duration.ofSeconds(10));
        long t0 = System.nanoTime();
        leader.close();
        candidates.remove(leader);
        Candidate next = awaitOneLeader(Duration.ofSeconds(5));
        // isLeader() turns true just before the listener hears of it.
        await().atMost(Duration.ofSeconds(2)).until(() -> next.electedAt != 0);
        long ms = (next.electedAt - t0) / 1_000_000;
        assertThat(ms).isPositive();
        System.out.printf("etcd leadership: hand-over after a clean shutdown took %d ms%n", ms);
        assertThat(leader.events).containsExactly("elected", "revoked");
        assertThat(ms).isLessThan(TTL.toMillis());
        assertThat(next.leadership.leaderLocation()).contains(next.self);
    }

    @Test
    void crashedLeaderIsReplacedWithinAboutOneTtl() {
        startThree();
        Candidate leader = awaitOneLeader(Duration.ofSeconds(10));
        long t0 = System.nanoTime();
        leader.crash();
        await().atMost(TTL.multipliedBy(3)).pollInterval(Duration.ofMillis(20)).until(() ->
                candidates.stream().filter(c -> c != leader).anyMatch(c -> c.leadership.isLeader()));
        Candidate next = candidates.stream().filter(c -> c != leader && c.leadership.isLeader()).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(2)).until(() -> next.electedAt != 0);
        long ms = (next.electedAt - t0) / 1_000_000;
        assertThat(ms).isPositive();
        System.out.printf("etcd leadership: failover after the leader's client died took %d ms (lease TTL %d s)%n",
                ms, TTL.toSeconds());
        // The crashed one stopped acting before anyone else started: no overlap.
        assertThat(leader.events).containsExactly("elected", "revoked");
        assertThat(leader.revokedAt).isLessThan(next.electedAt);
        assertThat(ms).isLessThan(TTL.toMillis() * 2 + 2000);
    }

    @Test
    void revokedLeaseEndsLeadership() throws Exception {
        startThree();
        Candidate leader = awaitOneLeader(Duration.ofSeconds(10));
        try (Client admin = EtcdBackend.client(config)) {
            admin.getLeaseClient().revoke(leader.leadership.leaseId()).get();
        }
        long t0 = System.nanoTime();
        await().atMost(TTL).pollInterval(Duration.ofMillis(20)).until(() -> !leader.leadership.isLeader());
        System.out.printf("etcd leadership: leader noticed its revoked lease in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        Candidate next = awaitOneLeader(Duration.ofSeconds(10));
        assertThat(next.leadership.leaderLocation()).contains(next.self);
    }

    @Test
    void oneMemberDownChangesNothingTwoDownLeavesNoLeaderUntilQuorumReturns() throws Exception {
        startThree();
        awaitOneLeader(Duration.ofSeconds(10));
        try {
            cluster.kill(2);
            // With 2 of 3 members there is still exactly one leader, and it keeps being one.
            EtcdCluster.sleep(TTL.multipliedBy(2));
            Candidate leader = awaitOneLeader(Duration.ofSeconds(10));
            EtcdCluster.sleep(TTL);
            assertThat(leader.leadership.isLeader()).isTrue();

            cluster.kill(1);
            long t0 = System.nanoTime();
            // 1 of 3: no quorum. The leader must step down within the lease TTL, and nobody else may lead.
            await().atMost(TTL.plusSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> candidates.stream().noneMatch(c -> c.leadership.isLeader()));
            System.out.printf("etcd leadership: leader stepped down %d ms after quorum was lost (TTL %d s)%n",
                    (System.nanoTime() - t0) / 1_000_000, TTL.toSeconds());
            EtcdCluster.sleep(TTL.multipliedBy(2));
            assertThat(candidates).noneMatch(c -> c.leadership.isLeader());
            assertThat(candidates.get(0).leadership.leaderLocation()).isEmpty();
        } finally {
            cluster.restart(1);
            cluster.restart(2);
        }
        long t1 = System.nanoTime();
        Candidate again = awaitOneLeader(Duration.ofSeconds(30));
        System.out.printf("etcd leadership: a leader again %d ms after quorum returned%n", (System.nanoTime() - t1) / 1_000_000);
        assertThat(again.leadership.leaderLocation()).contains(again.self);
    }
}

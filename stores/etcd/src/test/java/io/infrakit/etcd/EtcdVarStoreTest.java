package io.infrakit.etcd;

import io.infrakit.spi.metadata.UpdatableMetadata;
import io.infrakit.spi.metadata.VarConflictException;
import io.infrakit.spi.metadata.VarValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key/value store against a real 3-member etcd cluster: CAS, the tree, and a member failure. */
class EtcdVarStoreTest {
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
        config = EtcdConfig.of(cluster.endpoints()).withPrefix("/test-" + UUID.randomUUID() + "/")
                .withRequestTimeout(Duration.ofSeconds(3));
    }

    @AfterEach
    void closeBackends() {
        backends.forEach(EtcdBackend::close);
    }

    private UpdatableMetadata vars(EtcdConfig c) {
        EtcdBackend b = EtcdBackend.open(c);
        backends.add(b);
        return b.vars();
    }

    @Test
    void putGetKeysWithVersionsAndCompareAndSwap() {
        UpdatableMetadata vars = vars(config);
        assertThat(vars.get("deployments/swarm/jointoken")).isEmpty();
        assertThat(vars.put("deployments/swarm/jointoken", "SWMTKN-1", UpdatableMetadata.NO_VERSION)).isEqualTo(1);
        assertThat(vars.put("deployments/swarm/manager", "10.0.0.5", UpdatableMetadata.ANY_VERSION)).isEqualTo(1);
        assertThat(vars.put("other", "x", UpdatableMetadata.ANY_VERSION)).isEqualTo(1);

        assertThat(vars.get("deployments/swarm/jointoken")).contains(new VarValue("SWMTKN-1", 1));
        assertThat(vars.keys(".")).containsExactly("deployments", "other");
        assertThat(vars.keys("deployments/swarm")).containsExactly("jointoken", "manager");
        assertThat(vars.keys("deployments/swarm/jointoken")).isEmpty();

        assertThatThrownBy(() -> vars.put("deployments/swarm/jointoken", "late", UpdatableMetadata.NO_VERSION))
                .isInstanceOf(VarConflictException.class)
                .hasMessageContaining("deployments/swarm/jointoken").hasMessageContaining("version 1");
        assertThat(vars.put("deployments/swarm/jointoken", "SWMTKN-2", 1)).isEqualTo(2);
        assertThat(vars.get("deployments/swarm/jointoken")).contains(new VarValue("SWMTKN-2", 2));

        assertThat(vars.remove("other")).isTrue();
        assertThat(vars.remove("other")).isFalse();
        assertThat(vars.keys("")).containsExactly("deployments");
    }

    @Test
    void aSecondManagerSeesTheValuesAfterTheFirstIsGoneAndAfterAnEtcdMemberDies() throws Exception {
        UpdatableMetadata first = vars(config);
        first.put("deployments/swarm/jointoken", "SWMTKN-1", UpdatableMetadata.NO_VERSION);
        backends.removeFirst().close(); // the leading manager goes away

        // Another manager reaching etcd through another member takes over and reads what was written.
        UpdatableMetadata second = vars(EtcdConfig.of(List.of(cluster.clientUrl(2))).withPrefix(config.prefix())
                .withRequestTimeout(Duration.ofSeconds(3)));
        assertThat(second.get("deployments/swarm/jointoken")).contains(new VarValue("SWMTKN-1", 1));
        try {
            cluster.kill(0);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            long version = -1;
            while (version < 0) {
                try {
                    version = second.put("deployments/swarm/jointoken", "SWMTKN-2", 1);
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    EtcdCluster.sleep(Duration.ofMillis(200)); // etcd elects a new raft leader
                }
            }
            assertThat(version).isEqualTo(2);
            assertThat(second.get("deployments/swarm/jointoken")).contains(new VarValue("SWMTKN-2", 2));
        } finally {
            cluster.restart(0);
        }
    }

    @Test
    void badPathsAreRefusedNamingThePath() {
        UpdatableMetadata vars = vars(config);
        assertThatThrownBy(() -> vars.put("a//b", "x", UpdatableMetadata.ANY_VERSION))
                .hasMessageContaining("'a//b'").hasMessageContaining("deployments/swarm/jointoken");
        assertThatThrownBy(() -> vars.put("a/../b", "x", UpdatableMetadata.ANY_VERSION)).hasMessageContaining("'..'");
        assertThat(vars.keys("/")).isEmpty();
    }
}

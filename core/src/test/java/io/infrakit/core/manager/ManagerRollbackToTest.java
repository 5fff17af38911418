package io.infrakit.core.manager;

import io.infrakit.core.manager.store.FileLeadership;
import io.infrakit.core.manager.store.FileSpecStore;
import io.infrakit.spi.PluginException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.infrakit.core.manager.store.FileSpecStoreTest.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link Manager#rollbackTo}: any kept version, committed again as a new version. */
class ManagerRollbackToTest {

    @TempDir
    Path home;
    Manager m;

    @AfterEach
    void close() {
        if (m != null) {
            m.close();
        }
    }

    @Test
    void commitsTheContentOfAKeptVersionAndNamesTheKeptOnesWhenAskedForAnother() {
        FakeGroupController fake = new FakeGroupController();
        m = new Manager(new FileSpecStore(home.resolve("configs")), new FileLeadership(home, Duration.ofMillis(50)),
                () -> fake, location -> null, Duration.ofSeconds(2), Manager.EventSource.NONE);
        m.start("unix://m");
        await().atMost(Duration.ofSeconds(5)).until(m::isLeader);
        m.commitGroup(spec("workers", 3), false);
        m.commitGroup(spec("workers", 5), false);
        m.commitGroup(spec("workers", 8), false);

        assertThat(m.rollbackTo("workers", 1)).isEqualTo("Rolled back group 'workers' to version 1: Managing 3 instances");
        assertThat(FakeGroupController.sizeOf(fake.groups.get("workers"))).isEqualTo(3);
        assertThat(m.history("workers")).extracting(ManagerApi.Version::version).containsExactly(4L, 3L, 2L, 1L);
        assertThat(FakeGroupController.sizeOf(m.history("workers").get(0).spec())).isEqualTo(3);

        assertThat(m.rollbackTo("workers", 4)).contains("is at version 4 already");
        assertThat(m.history("workers")).hasSize(4);
        assertThatThrownBy(() -> m.rollbackTo("workers", 9)).isInstanceOf(PluginException.class)
                .hasMessage("group 'workers' has no kept version 9: the kept versions are 1, 2, 3, 4 (see infrakit history workers)");
        assertThatThrownBy(() -> m.rollbackTo("nosuch", 1)).isInstanceOf(PluginException.class).hasMessageContaining("not managed");
    }
}

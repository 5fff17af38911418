package io.infrakit.core.manager;

import io.infrakit.core.manager.store.FileLeadership;
import io.infrakit.core.manager.store.FileSpecStore;
import io.infrakit.spi.PluginException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static io.infrakit.core.manager.store.FileSpecStoreTest.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A restart over a damaged store: the damaged group is reported and left alone, the others resume. */
class ManagerDamagedStoreTest {

    @TempDir
    Path home;
    Manager m;

    @AfterEach
    void close() {
        if (m != null) {
            m.close();
        }
    }

    private Manager start(FakeGroupController fake) {
        Manager manager = new Manager(new FileSpecStore(home.resolve("configs")), new FileLeadership(home, Duration.ofMillis(50)),
                () -> fake, location -> null, Duration.ofSeconds(2), Manager.EventSource.NONE);
        manager.start("unix://m");
        await().atMost(Duration.ofSeconds(5)).until(manager::isLeader);
        return manager;
    }

    @Test
    void aTruncatedNewestVersionStopsItsGroupOnlyAndARollbackRestoresIt() throws Exception {
        m = start(new FakeGroupController());
        m.commitGroup(spec("workers", 3), false);
        m.commitGroup(spec("workers", 5), false);
        m.commitGroup(spec("db", 1), false);
        m.close();

        Path newest = home.resolve("configs/groups/workers/0000000002.json");
        byte[] whole = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(whole, whole.length / 3));

        FakeGroupController fake = new FakeGroupController();
        m = start(fake);
        await().atMost(Duration.ofSeconds(5)).until(() -> fake.groups.containsKey("db"));
        // Not run, and above all not run at version 1 (that would shrink it from 5 to 3 behind the user's back).
        Thread.sleep(300);
        assertThat(fake.groups).doesNotContainKey("workers");
        assertThat(fake.calls).noneMatch(c -> c.endsWith("workers"));
        assertThat(m.inspectGroups()).extracting(g -> g.id()).containsExactly("db");
        assertThat(m.damaged()).singleElement().satisfies(d -> {
            assertThat(d.group()).isEqualTo("workers");
            assertThat(d.file()).isEqualTo(newest.toAbsolutePath().toString());
            assertThat(d.newest()).isTrue();
            assertThat(d.fix()).contains("infrakit rollback workers --to-version 1");
        });
        // An apply over it is refused, naming the file; the bytes stay as they are.
        assertThatThrownBy(() -> m.commitGroup(spec("workers", 9), false)).isInstanceOf(PluginException.class)
                .hasMessageContaining(newest.toString()).hasMessageContaining("damaged");
        assertThat(Files.readAllBytes(newest)).hasSize(whole.length / 3);
        assertThatThrownBy(() -> m.setSize("workers", 4)).hasMessageContaining("damaged");

        // The user restores version 1 on purpose: it is committed above the damaged version, which is kept.
        assertThat(m.rollbackTo("workers", 1)).startsWith("Restored group 'workers' to the content of version 1")
                .contains(newest + ".damaged");
        assertThat(FakeGroupController.sizeOf(fake.groups.get("workers"))).isEqualTo(3);
        assertThat(m.damaged()).isEmpty();
        assertThat(m.history("workers")).extracting(ManagerApi.Version::version).containsExactly(3L, 1L);
        assertThat(Path.of(newest + ".damaged")).exists();
    }
}

package io.infrakit.core.manager.store;

import io.infrakit.core.manager.Manager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.group.GroupSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class FileSpecStoreTest {

    static final ObjectMapper JSON = new ObjectMapper();

    public static GroupSpec spec(String id, int size) {
        try {
            return new GroupSpec(id, JSON.readTree("""
                    {"Allocation":{"Size":%d},"Instance":{"Plugin":"simulator/compute","Properties":{"cpu":1}},
                     "Flavor":{"Plugin":"vanilla","Properties":{"Init":["echo hi"]}}}""".formatted(size)));
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @TempDir
    Path home;

    @Test
    void commitIsReadBackByAFreshStoreWithItsHistory() {
        FileSpecStore store = new FileSpecStore(home.resolve("configs"));
        assertThat(store.commit(spec("workers", 3), SpecStore.NO_VERSION).version()).isEqualTo(1);
        assertThat(store.commit(spec("workers", 5), SpecStore.ANY_VERSION).version()).isEqualTo(2);
        store.commit(spec("db", 1), SpecStore.ANY_VERSION);

        FileSpecStore reopened = new FileSpecStore(home.resolve("configs"));
        assertThat(reopened.list()).extracting(StoredSpec::id).containsExactly("db", "workers");
        assertThat(reopened.get("workers")).get().extracting(s -> sizeOf(s.spec())).isEqualTo(5);
        assertThat(reopened.history("workers")).extracting(StoredSpec::version).containsExactly(2L, 1L);
        assertThat(sizeOf(reopened.history("workers").get(1).spec())).isEqualTo(3);
    }

    @Test
    void compareAndSwapRefusesAStaleVersion() {
        FileSpecStore store = new FileSpecStore(home.resolve("configs"));
        store.commit(spec("workers", 3), SpecStore.NO_VERSION);
        assertThatThrownBy(() -> store.commit(spec("workers", 4), SpecStore.NO_VERSION))
                .isInstanceOf(SpecConflictException.class).hasMessageContaining("expected version 0, found 1");
        assertThat(store.commit(spec("workers", 4), 1).version()).isEqualTo(2);
    }

    @Test
    void aTornWriteNeverLosesThePreviousSpec() throws Exception {
        FileSpecStore store = new FileSpecStore(home.resolve("configs"));
        store.commit(spec("workers", 3), SpecStore.ANY_VERSION);
        Path dir = store.folder().resolve("workers");
        // A crash mid-write leaves a temp file (normal case) ...
        Files.writeString(dir.resolve(".tmp-0000000002.json-abc"), "{\"Version\":2,\"Spec\":{\"ID\":\"wor");
        // ... or, on a file system that does not honour rename, a truncated next version.
        Files.writeString(dir.resolve("0000000002.json"), "{\"Version\":2,\"CommittedAt\":\"2026-");

        FileSpecStore reopened = new FileSpecStore(home.resolve("configs"));
        assertThat(reopened.get("workers")).get().satisfies(s -> {
            assertThat(s.version()).isEqualTo(1);
            assertThat(sizeOf(s.spec())).isEqualTo(3);
        });
        // The next commit replaces the torn version and is readable.
        assertThat(reopened.commit(spec("workers", 7), SpecStore.ANY_VERSION).version()).isEqualTo(2);
        assertThat(sizeOf(new FileSpecStore(home.resolve("configs")).get("workers").orElseThrow().spec())).isEqualTo(7);
    }

    @Test
    void commitLeavesNoTempFilesAndKeepsABoundedHistory() throws Exception {
        FileSpecStore store = new FileSpecStore(home.resolve("configs"), 3, java.time.Clock.systemUTC());
        for (int i = 1; i <= 6; i++) {
            store.commit(spec("workers", i), SpecStore.ANY_VERSION);
        }
        assertThat(store.history("workers")).extracting(StoredSpec::version).containsExactly(6L, 5L, 4L);
        try (Stream<Path> files = Files.list(store.folder().resolve("workers"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp"));
        }
    }

    @Test
    void removeForgetsEveryVersionAndOddIdsAreSafe() {
        FileSpecStore store = new FileSpecStore(home.resolve("configs"));
        store.commit(spec("..", 1), SpecStore.ANY_VERSION);
        store.commit(spec("a:b%c", 1), SpecStore.ANY_VERSION);
        assertThat(store.list()).extracting(StoredSpec::id).containsExactlyInAnyOrder("..", "a:b%c");
        assertThat(store.remove("..")).isTrue();
        assertThat(store.remove("..")).isFalse();
        assertThat(store.history("..")).isEmpty();
        assertThat(store.list()).extracting(StoredSpec::id).containsExactly("a:b%c");
    }

    /** The stored Allocation.Size of a spec (0 when absent). */
    static int sizeOf(io.infrakit.spi.group.GroupSpec spec) {
        return spec.properties() == null ? 0 : spec.properties().path("Allocation").path("Size").asInt(0);
    }
}

package io.infrakit.core.manager.store;

import io.infrakit.core.manager.Manager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.group.GroupSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    void aTornWriteNeverLosesThePreviousSpecAndIsNeverSkippedSilently() throws Exception {
        FileSpecStore store = new FileSpecStore(home.resolve("configs"));
        store.commit(spec("workers", 3), SpecStore.ANY_VERSION);
        Path dir = store.folder().resolve("workers");
        // A crash mid-write leaves a temp file (normal case): not a version, ignored.
        Files.writeString(dir.resolve(".tmp-0000000002.json-abc"), "{\"Version\":2,\"Spec\":{\"ID\":\"wor");
        FileSpecStore reopened = new FileSpecStore(home.resolve("configs"));
        assertThat(reopened.get("workers")).get().satisfies(s -> {
            assertThat(s.version()).isEqualTo(1);
            assertThat(sizeOf(s.spec())).isEqualTo(3);
        });
        assertThat(reopened.damage()).isEmpty();

        // A truncated newest version (a file system that does not honour rename, a disk fault):
        // the group is damaged, not quietly taken back to version 1.
        Files.writeString(dir.resolve("0000000002.json"), "{\"Version\":2,\"CommittedAt\":\"2026-");
        reopened = new FileSpecStore(home.resolve("configs"));
        assertThat(reopened.list()).isEmpty();
        assertThat(reopened.damage()).singleElement().satisfies(d -> {
            assertThat(d.group()).isEqualTo("workers");
            assertThat(d.version()).isEqualTo(2);
            assertThat(d.newest()).isTrue();
            assertThat(d.restore()).isEqualTo(1);
            assertThat(d.file()).endsWith("0000000002.json");
            assertThat(d.reason()).contains("not complete JSON");
            assertThat(d.message()).contains("infrakit rollback workers --to-version 1");
        });
        FileSpecStore damaged = reopened;
        assertThatThrownBy(() -> damaged.get("workers")).isInstanceOf(DamagedGroupException.class)
                .hasMessageContaining("0000000002.json");
        // Nothing is committed over it by accident ...
        assertThatThrownBy(() -> damaged.commit(spec("workers", 7), SpecStore.ANY_VERSION)).isInstanceOf(DamagedGroupException.class);
        assertThat(Files.readString(dir.resolve("0000000002.json"))).isEqualTo("{\"Version\":2,\"CommittedAt\":\"2026-");
        // ... only a commit that names the damaged version (a restore): it goes above it, and the file is kept.
        assertThat(damaged.commit(spec("workers", 7), 2).version()).isEqualTo(3);
        assertThat(dir.resolve("0000000002.json.damaged")).exists();
        FileSpecStore after = new FileSpecStore(home.resolve("configs"));
        assertThat(after.damage()).isEmpty();
        assertThat(after.history("workers")).extracting(StoredSpec::version).containsExactly(3L, 1L);
        assertThat(sizeOf(after.get("workers").orElseThrow().spec())).isEqualTo(7);
    }

    @Test
    void everyKindOfDamageIsReportedAndTheOtherGroupsAreRead() throws Exception {
        FileSpecStore store = new FileSpecStore(home.resolve("configs"));
        for (String g : List.of("truncated", "garbage", "nospec", "edited", "liar", "empty", "fine")) {
            store.commit(spec(g, 1), SpecStore.ANY_VERSION);
            store.commit(spec(g, 2), SpecStore.ANY_VERSION);
        }
        Path groups = store.folder();
        Path t = groups.resolve("truncated/0000000002.json");
        Files.write(t, java.util.Arrays.copyOf(Files.readAllBytes(t), (int) Files.size(t) / 2));
        Files.write(groups.resolve("garbage/0000000002.json"), new byte[]{0, 1, 2, (byte) 0xff});
        Files.writeString(groups.resolve("nospec/0000000002.json"), "{\"Version\":2,\"CommittedAt\":\"2026-01-01T00:00:00Z\"}");
        Path e = groups.resolve("edited/0000000002.json");
        Files.writeString(e, Files.readString(e).replace("\"Size\" : 2", "\"Size\" : 200"));
        // An old version that claims to be version 999 does not become the current one.
        Path l = groups.resolve("liar/0000000001.json");
        Files.writeString(l, Files.readString(l).replace("\"Version\" : 1", "\"Version\" : 999"));
        Files.write(groups.resolve("empty/0000000002.json"), new byte[0]);
        // A copied folder does not list the group twice.
        copyTree(groups.resolve("fine"), groups.resolve("fine-copy"));

        FileSpecStore reopened = new FileSpecStore(home.resolve("configs"));
        assertThat(reopened.list()).extracting(StoredSpec::id).containsExactly("fine", "liar");
        assertThat(reopened.get("liar").orElseThrow().version()).isEqualTo(2);
        List<StoreDamage> damage = reopened.damage();
        Map<String, StoreDamage> byGroup = new java.util.TreeMap<>();
        damage.forEach(d -> byGroup.putIfAbsent(d.group(), d));
        assertThat(byGroup.keySet()).containsExactly("edited", "empty", "fine-copy", "garbage", "liar", "nospec", "truncated");
        assertThat(byGroup.get("truncated").reason()).contains("not complete JSON");
        assertThat(byGroup.get("garbage").reason()).contains("not complete JSON");
        assertThat(byGroup.get("nospec").reason()).contains("no Spec");
        assertThat(byGroup.get("edited").reason()).contains("checksum");
        assertThat(byGroup.get("empty").reason()).contains("empty");
        assertThat(byGroup.get("liar").reason()).contains("says Version 999 but its name says 1");
        assertThat(byGroup.get("liar").newest()).isFalse();
        assertThat(byGroup.get("fine-copy").reason()).contains("holds group 'fine'");
        assertThat(damage).filteredOn(StoreDamage::newest).extracting(StoreDamage::group)
                .containsExactlyInAnyOrder("edited", "empty", "fine-copy", "garbage", "nospec", "truncated");
    }

    @Test
    void aFileWrittenBeforeChecksumsIsStillRead() throws Exception {
        FileSpecStore store = new FileSpecStore(home.resolve("configs"));
        Path dir = store.folder().resolve("old");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("0000000004.json"), """
                {"Version":4,"CommittedAt":"2026-01-01T00:00:00Z","Spec":{"ID":"old","Properties":{"Allocation":{"Size":2}}}}""");
        assertThat(store.get("old").orElseThrow().version()).isEqualTo(4);
        assertThat(store.damage()).isEmpty();
        assertThat(store.commit(spec("old", 3), 4).version()).isEqualTo(5);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
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

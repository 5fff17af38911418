package io.infrakit.core.manager.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static io.infrakit.core.manager.store.FileSpecStoreTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13, item 4: stored specs and their history are readable by their owner only. */
class StoreModesTest {

    @TempDir
    Path home;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private List<Path> everything(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.toList();
        }
    }

    @Test
    void specsAndHistoryAre0600In0700Folders() throws Exception {
        Path configs = home.resolve("configs");
        FileSpecStore store = new FileSpecStore(configs);
        store.commit(spec("workers", 3), SpecStore.ANY_VERSION);
        store.commit(spec("workers", 4), SpecStore.ANY_VERSION);
        store.commit(spec("db", 1), SpecStore.ANY_VERSION);
        List<Path> all = everything(configs);
        assertThat(all.stream().filter(p -> p.toString().endsWith(".json"))).hasSize(3);
        for (Path p : all) {
            if (Files.isDirectory(p)) {
                assertThat(mode(p)).as(p.toString()).isEqualTo("rwx------");
            } else {
                assertThat(mode(p)).as(p.toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aStoreAnOlderVersionLeftOpenIsTightenedAtOpen() throws Exception {
        Path configs = home.resolve("configs");
        new FileSpecStore(configs).commit(spec("workers", 3), SpecStore.ANY_VERSION);
        for (Path p : everything(configs)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        new FileSpecStore(configs);
        for (Path p : everything(configs)) {
            assertThat(mode(p)).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
        }
    }

    @Test
    void theHomeItselfIsLeftAsItIs() throws Exception {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-x---"));
        DurableFiles.write(home.resolve("leader.location"), "unix://x".getBytes());
        assertThat(mode(home)).isEqualTo("rwxr-x---");
        assertThat(mode(home.resolve("leader.location"))).isEqualTo("rw-------");
    }
}

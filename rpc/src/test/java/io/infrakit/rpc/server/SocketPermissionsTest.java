package io.infrakit.rpc.server;

import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.binding.RpcInterfaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the daemon's user may use its unix sockets. */
class SocketPermissionsTest {
    @TempDir
    Path dir;

    @Test
    void socketIs0600AndDefaultFolder0700() throws Exception {
        InfrakitPaths paths = InfrakitPaths.under(dir.resolve("home"));
        Files.createDirectories(paths.pluginsDir());
        Files.setPosixFilePermissions(paths.pluginsDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Dispatcher d = new Dispatcher("perm-test", Map.of("", new Object()), RpcInterfaces.standard());
        try (RpcServer server = new RpcServer(paths.socket("perm-test"), d).start()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.pluginsDir()))).isEqualTo("rwx------");
        }
    }

    @Test
    void aFolderTheUserChoseKeepsItsPermissions() throws Exception {
        Path shared = dir.resolve("shared");
        Files.createDirectories(shared);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        SocketPermissions.restrictFolder(shared);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxrwxrwx");
        Path fresh = dir.resolve("fresh/sockets");
        SocketPermissions.restrictFolder(fresh);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
    }
}

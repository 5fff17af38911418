package io.infrakit.rpc;

import io.infrakit.rpc.remote.BearerTokens;
import io.infrakit.rpc.remote.PemFiles;
import io.infrakit.rpc.remote.RemoteTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Token, key and password files others can read, or another user owns, are refused with the fix (StrictModes). */
class SecretFilesTest {

    static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private Path file(String name, String mode, String text) throws Exception {
        Path p = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void aTokenFileOthersCanReadIsRefusedNamingTheChmod() throws Exception {
        Path open = file("tokens", "rw-r--r--", TOKEN + "\n");
        assertThatThrownBy(() -> BearerTokens.fromFile(open))
                .hasMessage("token file (--token-file) '" + open + "' can be read by other users (mode 0644, owner "
                        + Files.getOwner(open).getName() + "): a secret must be the owner's only; fix it with: chmod 600 '" + open + "'");
        Path groupReadable = file("tokens2", "rw-r-----", TOKEN + "\n");
        assertThatThrownBy(() -> BearerTokens.fromFile(groupReadable)).hasMessageContaining("mode 0640");
        Path ok = file("tokens3", "rw-------", TOKEN + "\n");
        assertThat(BearerTokens.fromFile(ok).accepts("Bearer " + TOKEN)).isTrue();

        // The client's INFRAKIT_TOKEN_FILE, and a private key, the same way.
        assertThatThrownBy(() -> RemoteTarget.resolve("tcp://127.0.0.1:1", Map.of("INFRAKIT_TOKEN_FILE", open.toString())))
                .hasMessageContaining("token file (INFRAKIT_TOKEN_FILE) '" + open + "' can be read by other users")
                .hasMessageContaining("chmod 600");
        Path key = file("key.pem", "rw-rw-rw-", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey(key, "--tls-key")).hasMessageContaining("TLS key (--tls-key) '" + key + "'")
                .hasMessageContaining("mode 0666").hasMessageContaining("chmod 600");
    }

    @Test
    void aFileOrFolderAnotherUserOwnsIsRefusedNamingTheOwner() throws Exception {
        assumeTrue(SecretFiles.selfUid() == 0, "only root can give a file to another user here");
        UserPrincipal nobody;
        try {
            nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        } catch (Exception e) {
            assumeTrue(false, "no user 'nobody' on this machine");
            return;
        }
        Path planted = file("tokens", "rw-------", TOKEN + "\n");
        Files.setOwner(planted, nobody);
        assertThatThrownBy(() -> BearerTokens.fromFile(planted))
                .hasMessageContaining("token file (--token-file) '" + planted + "' is owned by user nobody (uid ")
                .hasMessageContaining("not by you (uid 0)").hasMessageContaining("chown");

        Path store = Files.createDirectories(dir.resolve("configs"));
        Files.setOwner(store, nobody);
        assertThatThrownBy(() -> SecretFiles.requireOwner(store, "spec store folder"))
                .hasMessageContaining("spec store folder '" + store + "' is owned by user nobody");
        Path open = Files.createDirectories(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> SecretFiles.requireOwnFolder(open, "plugins folder"))
                .hasMessageContaining("can be written by other users (mode 0777").hasMessageContaining("chmod go-w");
        assertThatCode(() -> SecretFiles.requireOwnFolder(dir, "home")).doesNotThrowAnyException();
    }
}

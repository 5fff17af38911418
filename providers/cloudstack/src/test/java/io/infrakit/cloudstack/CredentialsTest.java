package io.infrakit.cloudstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialsTest {

    @Test
    void optionsWinThenFileThenEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "api-key=FILEKEY123\nsecret-key=FILESECRET\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = Map.of(Credentials.ENV_API_KEY, "ENVKEY123", Credentials.ENV_SECRET_KEY, "ENVSECRET");

        assertThat(Credentials.resolve("OPTKEY123", "OPTSECRET", file.toString(), env).apiKey()).isEqualTo("OPTKEY123");
        Credentials fromFile = Credentials.resolve(null, null, file.toString(), env);
        assertThat(fromFile.apiKey()).isEqualTo("FILEKEY123");
        assertThat(fromFile.secretKey()).isEqualTo("FILESECRET");
        assertThat(Credentials.resolve(null, null, null, Map.of(Credentials.ENV_FILE, file.toString())).secretKey()).isEqualTo("FILESECRET");
        assertThat(Credentials.resolve(null, null, null, env).apiKey()).isEqualTo("ENVKEY123");
    }

    @Test
    void keysNeverShowInToStringOrErrors(@TempDir Path dir) {
        Credentials c = new Credentials("ABCDEFGHIJ", "TOPSECRETVALUE", "test");
        assertThat(c.toString()).doesNotContain("TOPSECRETVALUE").doesNotContain("ABCDEFGHIJ").contains("ABCD****");
        CloudStackOptions o = CloudStackOptions.of(java.net.URI.create("http://h:8080/client/api"), c);
        assertThat(o.toString()).doesNotContain("TOPSECRETVALUE").doesNotContain("ABCDEFGHIJ");
        assertThat(new CloudStackInstancePlugin(o).toString()).doesNotContain("TOPSECRETVALUE");
        assertThatThrownBy(() -> Credentials.resolve("ABCDEFGHIJ", null, null, Map.of()))
                .hasMessageContaining("secret-key").hasMessageNotContaining("ABCDEFGHIJ");
    }

    @Test
    void aFileOthersCanReadIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "api-key=K\nsecret-key=S\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Credentials.fromFile(file)).hasMessageContaining("chmod 600 " + file);
        assertThatThrownBy(() -> Credentials.fromFile(dir.resolve("none"))).hasMessageContaining("does not exist");
    }

    @Test
    void noKeysAnywhereSaysWhereToPutThem() {
        assertThatThrownBy(() -> Credentials.resolve(null, null, null, Map.of()))
                .hasMessageContaining(Credentials.ENV_API_KEY).hasMessageContaining("credentials-file");
    }
}

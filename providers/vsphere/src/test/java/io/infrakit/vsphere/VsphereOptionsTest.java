package io.infrakit.vsphere;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Options and credentials: from options, files and InfraKit's environment; the password never shown. */
class VsphereOptionsTest {

    @TempDir
    Path dir;

    @Test
    void infraKitsUrlWithUserAndPasswordIsAcceptedFromVcurlAndNeverShown() {
        VsphereOptions o = VsphereOptions.parse(Map.of(), Map.of("VCURL", "https://admin:s3cret%21@vc.example/sdk"));
        assertThat(o.sdk()).isEqualTo(URI.create("https://vc.example/sdk"));
        assertThat(o.credentials().user()).isEqualTo("admin");
        assertThat(new String(o.credentials().password())).isEqualTo("s3cret!");
        assertThat(o.toString()).doesNotContain("s3cret").contains("password=****");
        assertThat(VsphereOptions.parse(Map.of(), Map.of("INFRAKIT_VSPHERE_VCURL", "https://a:b@vc2")).sdk())
                .isEqualTo(URI.create("https://vc2/sdk"));
    }

    @Test
    void thePasswordComesFromAFileOnlyItsOwnerReads() throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "hunter2\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, String> opts = Map.of("url", "https://vc/sdk", "user", "ops", "password-file", file.toString());
        assertThatThrownBy(() -> VsphereOptions.parse(opts, Map.of()))
                .hasMessage("password file " + file + " is readable by others (rw-r--r--); run: chmod 600 " + file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        VsphereOptions o = VsphereOptions.parse(opts, Map.of());
        assertThat(new String(o.credentials().password())).isEqualTo("hunter2");
        assertThat(o.credentials().toString()).doesNotContain("hunter2").contains("password file");
    }

    @Test
    void badOptionsAreRefusedNamingTheOptionAndTheFix() {
        assertThatThrownBy(() -> VsphereOptions.parse(Map.of(), Map.of()))
                .hasMessage("no vCenter URL: give --opt vsphere.url=https://VCENTER/sdk or set INFRAKIT_VSPHERE_URL");
        assertThatThrownBy(() -> VsphereOptions.parse(Map.of("url", "vc.example"), Map.of()))
                .hasMessage("vsphere option url='vc.example' is not an https URL; write it like https://vcenter.example.com/sdk");
        assertThatThrownBy(() -> VsphereOptions.parse(Map.of("url", "https://vc", "user", "u"), Map.of()))
                .hasMessageStartingWith("no password for vSphere user u: give --opt vsphere.password-file=PATH");
        assertThatThrownBy(() -> VsphereOptions.parse(Map.of("url", "https://u:p@vc", "insecure", "yes"), Map.of()))
                .hasMessage("vsphere option insecure='yes' is not a boolean; use true or false");
        assertThatThrownBy(() -> VsphereOptions.parse(Map.of("url", "https://u:p@vc", "datastor", "x"), Map.of()))
                .hasMessageStartingWith("unknown vsphere option 'datastor'; known options: url, user,");
        assertThatThrownBy(() -> VsphereOptions.parse(Map.of("url", "https://u:p@vc", "insecure", "true", "ca-file", "/ca.pem"), Map.of()))
                .hasMessageContaining("contradict");
        assertThatThrownBy(() -> VsphereOptions.parse(Map.of("url", "https://u:p@vc", "task-timeout", "soon"), Map.of()))
                .hasMessage("vsphere option task-timeout='soon' is not a duration; write it like 30s or 10m");
    }

    @Test
    void infraKitsFlagAndEnvironmentDefaultsAreAccepted() {
        VsphereOptions o = VsphereOptions.parse(Map.of("url", "https://u:p@vc", "ignoreOnDestroy", "true"),
                Map.of("INFRAKIT_VSPHERE_VCDATASTORE", "ds1", "INFRAKIT_VSPHERE_VCHOST", "esx1"));
        assertThat(o.ignoreOnDestroy()).isTrue();
        assertThat(o.insecure()).isFalse();
        assertThat(o.reapPoweredOff()).isTrue();
        assertThat(o.defaults()).containsEntry("datastore", "ds1").containsEntry("hostname", "esx1");
    }
}

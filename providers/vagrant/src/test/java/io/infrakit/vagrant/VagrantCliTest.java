package io.infrakit.vagrant;

import io.infrakit.spi.PluginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** VagrantCli against a stand-in vagrant script that answers what Vagrant 2.3.4 answers. */
class VagrantCliTest {

    @TempDir
    Path tmp;

    /** global-status --machine-readable of two machines, as Vagrant 2.3.4 prints it. */
    static final String TWO_MACHINES = """
            1795932377,,metadata,machine-count,2
            1795932377,,machine-id,0f34187
            1795932377,,provider-name,docker
            1795932377,,machine-home,/srv/infrakit/vagrant/vagrant-0123456789
            1795932377,,state,running
            1795932377,,machine-id,1a2b3c4
            1795932377,,provider-name,virtualbox
            1795932377,,machine-home,/srv/a%!(VAGRANT_COMMA)b
            1795932377,,state,poweroff
            1795932377,,ui,info,id       name    provider state   directory
            """;

    private Path script(String body) throws Exception {
        Path p = tmp.resolve("vagrant");
        Files.writeString(p, "#!/bin/sh\necho \"$*\" >> '" + tmp.resolve("calls") + "'\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void readsEachMachinesFolderAndState() {
        assertThat(VagrantCli.parseGlobalStatus(TWO_MACHINES)).containsExactlyInAnyOrderEntriesOf(Map.of(
                Path.of("/srv/infrakit/vagrant/vagrant-0123456789"), "running", Path.of("/srv/a,b"), "poweroff"));
        assertThat(VagrantCli.parseGlobalStatus("1795932377,,metadata,machine-count,0\n")).isEmpty();
    }

    @Test
    void listsWithoutPruningWhenVagrantRefusesToPruneAMachineInUse() throws Exception {
        Path vagrant = script("""
                case "$*" in
                  *--prune*) echo "1795934413,,ui,error,Vagrant can't use the requested machine because it is locked! This"; exit 1;;
                  *) cat <<'EOF'
                """ + TWO_MACHINES + """
                EOF
                ;;
                esac
                """);
        VagrantCli cli = new VagrantCli(vagrant, Map.of());
        assertThat(cli.globalStatus(tmp, Duration.ofSeconds(20))).hasSize(2);
        assertThat(Files.readAllLines(tmp.resolve("calls")))
                .containsExactly("global-status --prune --machine-readable", "global-status --machine-readable");
    }

    @Test
    void anotherFailureIsReportedWithVagrantsWordsAndATimeoutKillsTheCall() throws Exception {
        VagrantCli broken = new VagrantCli(script("echo 'The machine index is corrupt'; exit 1\n"), Map.of());
        assertThatThrownBy(() -> broken.globalStatus(tmp, Duration.ofSeconds(20))).isInstanceOf(PluginException.class)
                .hasMessage("vagrant global-status failed (exit 1): The machine index is corrupt");
        VagrantCli slow = new VagrantCli(script("sleep 30\n"), Map.of());
        long started = System.nanoTime();
        VagrantCli.Result r = slow.run(tmp, Duration.ofMillis(500), "test", "up");
        assertThat(r.timedOut()).isTrue();
        assertThat(r.ok()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
}

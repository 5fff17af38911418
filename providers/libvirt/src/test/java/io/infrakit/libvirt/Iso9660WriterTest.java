package io.infrakit.libvirt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Iso9660WriterTest {

    private static final Instant NOW = Instant.parse("2026-11-22T01:02:03Z");
    private final CidataSeed seed = new CidataSeed("infrakit-0badcafe", "web-1", "#!/bin/sh\necho hello\n");

    @Test
    void cidataSeedHasLabelAndBothFilesInBothTrees() {
        IsoReader iso = new IsoReader(seed.toIso(NOW));

        assertThat(iso.primaryVolumeId()).isEqualTo("cidata");
        assertThat(iso.jolietVolumeId()).isEqualTo("cidata");
        assertThat(iso.jolietFiles()).containsExactly(
                java.util.Map.entry("meta-data", "instance-id: 'infrakit-0badcafe'\nlocal-hostname: 'web-1'\n"),
                java.util.Map.entry("user-data", "#!/bin/sh\necho hello\n"));
        assertThat(iso.primaryFiles()).containsOnlyKeys("META_DAT.;1", "USER_DAT.;1");
        assertThat(iso.primaryFiles().get("USER_DAT.;1")).isEqualTo("#!/bin/sh\necho hello\n");
        assertThat(iso.volumeSpaceSize() * 2048L).isEqualTo(seed.toIso(NOW).length);
    }

    @Test
    void largeFilesSpanSectorsAndEmptyFilesAreKept() {
        String big = "x".repeat(5000) + "END";
        byte[] image = new Iso9660Writer("cidata", NOW)
                .add("user-data", big.getBytes(StandardCharsets.UTF_8))
                .add("vendor-data", new byte[0])
                .add("meta-data", "instance-id: a\n".getBytes(StandardCharsets.UTF_8))
                .toBytes();
        IsoReader iso = new IsoReader(image);
        assertThat(iso.jolietFiles()).containsKeys("meta-data", "user-data", "vendor-data");
        assertThat(iso.jolietFiles().get("user-data")).isEqualTo(big);
        assertThat(iso.jolietFiles().get("vendor-data")).isEmpty();
        assertThat(iso.primaryFiles()).containsKeys("VENDOR_D.;1");
    }

    @Test
    void refusesNamesAndLabelsIsoCannotHold() {
        assertThatThrownBy(() -> new Iso9660Writer("a-label-longer-than-16", NOW)).hasMessageContaining("1 to 16");
        assertThatThrownBy(() -> new Iso9660Writer("cidata", NOW).add("a/b", new byte[0])).hasMessageContaining("a/b");
    }

    /** Cross-check with genisoimage's isoinfo and util-linux's blkid when they are installed. */
    @Test
    void externalToolsReadTheSeed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("seed.iso");
        Files.write(file, seed.toIso(NOW));
        if (Engines.onPath("isoinfo")) {
            assertThat(run("isoinfo", "-d", "-i", file.toString())).contains("Volume id: cidata");
            assertThat(run("isoinfo", "-J", "-i", file.toString(), "-x", "/user-data")).isEqualTo("#!/bin/sh\necho hello\n");
            assertThat(run("isoinfo", "-J", "-l", "-i", file.toString())).contains("meta-data", "user-data");
        } else {
            Engines.requireOrSkip(false, "isoinfo (genisoimage) not installed: ISO cross-check skipped");
        }
        if (Engines.onPath("blkid")) {
            assertThat(run("blkid", "-p", "-o", "export", file.toString())).contains("LABEL=cidata", "TYPE=iso9660");
        }
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
        return out;
    }
}

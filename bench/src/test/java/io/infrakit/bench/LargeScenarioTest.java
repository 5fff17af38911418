package io.infrakit.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code bin/bench large} reads the daemon's heap from {@code jcmd PID GC.heap_info}. */
class LargeScenarioTest {

    @Test
    void sumsTheHeapSpacesAndLeavesMetaspaceOut() {
        String serial = """
                 def new generation   total 4928K, used 2048K [0x00000000e0000000, 0x00000000e0550000, 0x00000000eaaa0000)
                  eden space 4416K,  46% used [0x00000000e0000000, 0x00000000e0200000, 0x00000000e0450000)
                 tenured generation   total 10944K, used 6144K [0x00000000eaaa0000, 0x00000000eb550000, 0x0000000100000000)
                 Metaspace       used 14159K, committed 14400K, reserved 1114112K
                  class space    used 1439K, committed 1536K, reserved 1048576K
                """;
        assertThat(LargeScenario.usedMiB(serial)).isEqualTo(8.0);
        String g1 = " garbage-first heap   total 262144K, used 51200K [0x0000000708000000, 0x0000000800000000)\n"
                + "  region size 2048K, 3 young (6144K), 1 survivors (2048K)\n Metaspace       used 20000K, committed 20480K\n";
        assertThat(LargeScenario.usedMiB(g1)).isEqualTo(50.0);
        assertThatThrownBy(() -> LargeScenario.usedMiB("12345:\nCould not attach")).hasMessageContaining("no heap figures");
    }
}

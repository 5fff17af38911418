package io.infrakit.rpc.remote;

import io.infrakit.spi.PluginException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 13, item 6: TCP callers never get the descriptors the unix sockets and the store need. */
class FdBudgetTest {

    @Test
    void aHighLimitGivesTheListenerItsFullCap() {
        assertThat(new FdBudget(20_000, 120).connections(RemoteListener.MAX_CONNECTIONS)).isEqualTo(RemoteListener.MAX_CONNECTIONS);
    }

    @Test
    void aLowLimitGivesTcpAtMostHalfOfWhatIsLeftAfterTheReserve() {
        // 1024 (a common default) with 120 open: (1024 - 120 - 256) / 2 = 324.
        int cap = new FdBudget(1024, 120).connections(RemoteListener.MAX_CONNECTIONS);
        assertThat(cap).isEqualTo(324);
        // Even with every TCP slot taken, the reserve and as many again stay free.
        assertThat(1024 - 120 - cap).isGreaterThanOrEqualTo(FdBudget.RESERVE + cap);
    }

    @Test
    void aLimitThatLeavesAlmostNothingIsRefusedWithTheFix() {
        assertThatThrownBy(() -> new FdBudget(400, 120).connections(RemoteListener.MAX_CONNECTIONS))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("ulimit -n")
                .hasMessageContaining("400")
                .hasMessageContaining("unix sockets and the store");
    }

    @Test
    void thisProcessHasALimitAndSomeOpen() {
        FdBudget here = FdBudget.ofThisProcess();
        assertThat(here.limit()).isGreaterThan(here.open());
        assertThat(here.open()).isPositive();
    }
}

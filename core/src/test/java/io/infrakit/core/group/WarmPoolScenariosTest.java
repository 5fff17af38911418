package io.infrakit.core.group;

import io.infrakit.core.event.EventType;
import io.infrakit.core.spec.InvalidSpecException;
import io.infrakit.simulator.SimulatedInstance;
import io.infrakit.simulator.SimulatorOptions;
import io.infrakit.spi.Tags;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Policy.WarmPool end to end on the simulator: filled, taken from on scale-up, returned to on scale-in, refilled. */
class WarmPoolScenariosTest {

    static List<SimulatedInstance> warm(SimulatorEndToEndTest.Rig rig) {
        return rig.sim.instances().stream().filter(i -> Tags.TRUE.equals(i.tags().get(Tags.WARM))).toList();
    }

    static List<SimulatedInstance> serving(SimulatorEndToEndTest.Rig rig) {
        return rig.sim.instances().stream().filter(i -> !Tags.TRUE.equals(i.tags().get(Tags.WARM))).toList();
    }

    @Test
    void scaleUpStartsPoolMembersScaleInStopsThemAndThePoolIsRefilled() {
        try (SimulatorEndToEndTest.Rig rig = new SimulatorEndToEndTest.Rig(SimulatorOptions.DEFAULTS)) {
            String pool = "\"Policy\":{\"WarmPool\":{\"Size\":2,\"MaxPrepared\":1}}";
            rig.plugin.commitGroup(SimulatorEndToEndTest.tutorial(3, pool), false);
            rig.tick(10);
            // Three serve; two more wait stopped, outside the size.
            assertThat(serving(rig)).hasSize(3).allSatisfy(i -> assertThat(rig.sim.isStopped(i.id())).isFalse());
            assertThat(warm(rig)).hasSize(2).allSatisfy(i -> assertThat(rig.sim.isStopped(i.id())).isTrue());
            var status = rig.plugin.describeGroup("workers").status();
            assertThat(status.running()).isEqualTo(3);
            assertThat(status.converged()).isTrue();
            assertThat(status.message()).contains("warm pool: 2 of 2 stopped");
            List<String> pooled = warm(rig).stream().map(SimulatedInstance::id).toList();
            long provisions = rig.sim.calls().provision();

            // Scale-up by two: the pool's members start; nothing is provisioned for the group itself.
            long before = rig.events.history().getLast().sequence();
            rig.plugin.setSize("workers", 5);
            rig.plugin.reconcileAll();
            assertThat(serving(rig)).extracting(SimulatedInstance::id).containsAll(pooled);
            assertThat(pooled).allSatisfy(id -> assertThat(rig.sim.isStopped(id)).isFalse());
            assertThat(rig.events.history().stream().filter(e -> e.sequence() > before && e.type() == EventType.WARM_STARTED))
                    .extracting(e -> e.instance()).containsExactlyInAnyOrderElementsOf(pooled);
            assertThat(rig.events.history().stream().filter(e -> e.sequence() > before
                    && e.type() == EventType.PROVISIONED && !e.message().contains("warm pool"))).isEmpty();

            // The pool is refilled in the background, one provision at a time (MaxPrepared 1).
            rig.tick(10);
            assertThat(serving(rig)).hasSize(5);
            assertThat(warm(rig)).hasSize(2).allSatisfy(i -> assertThat(rig.sim.isStopped(i.id())).isTrue());
            assertThat(rig.sim.calls().provision() - provisions).isEqualTo(2);
            assertThat(rig.plugin.describeGroup("workers").status().converged()).isTrue();

            // Scale-in with a full pool destroys; with room in the pool, members are stopped into it.
            rig.plugin.commitGroup(SimulatorEndToEndTest.tutorial(3, "\"Policy\":{\"WarmPool\":{\"Size\":4,\"MaxPrepared\":1}}"), false);
            long destroys = rig.sim.calls().destroy();
            rig.tick(10);
            assertThat(serving(rig)).hasSize(3);
            assertThat(warm(rig)).hasSize(4).allSatisfy(i -> assertThat(rig.sim.isStopped(i.id())).isTrue());
            assertThat(rig.sim.calls().destroy()).isEqualTo(destroys);
            assertThat(rig.sim.calls().provision() - provisions).isEqualTo(2);

            // No pool any more: its members are destroyed, the serving ones stay.
            rig.plugin.commitGroup(SimulatorEndToEndTest.tutorial(3, ""), false);
            rig.tick(5);
            assertThat(warm(rig)).isEmpty();
            assertThat(serving(rig)).hasSize(3);
        }
    }

    @Test
    void aPoolOnAPluginThatCannotStopInstancesIsRefusedAtCommit() {
        try (Harness h = new Harness()) {
            assertThatThrownBy(() -> h.commit(Harness.scaled("web", 2, 1, "\"Policy\":{\"WarmPool\":{\"Size\":1}}")))
                    .isInstanceOf(InvalidSpecException.class)
                    .hasMessageContaining("Policy.WarmPool needs an instance plugin that can stop and start its instances")
                    .hasMessageContaining("'sim/compute'");
            assertThat(h.instances.count()).isZero();
        }
    }
}

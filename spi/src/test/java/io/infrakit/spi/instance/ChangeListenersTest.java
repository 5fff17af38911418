package io.infrakit.spi.instance;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeListenersTest {

    @Test
    void everyListenerGetsEveryChangeEvenWhenOneThrows() throws Exception {
        List<String> failures = new ArrayList<>();
        ChangeListeners listeners = new ChangeListeners((change, e) -> failures.add(change.instanceId() + ": " + e.getMessage()));
        List<InstanceChange> first = new ArrayList<>();
        List<InstanceChange> second = new ArrayList<>();
        AutoCloseable a = listeners.add(first::add);
        listeners.add(c -> {
            throw new IllegalStateException("broken");
        });
        listeners.add(second::add);
        InstanceChange lost = new InstanceChange(InstanceChange.Kind.LOST, "i-1", Map.of(), "stopped");
        listeners.notify(lost);
        assertThat(first).containsExactly(lost);
        assertThat(second).containsExactly(lost);
        assertThat(failures).containsExactly("i-1: broken");

        a.close();
        listeners.notify(lost);
        assertThat(first).hasSize(1);
        assertThat(second).hasSize(2);
        assertThat(listeners.isEmpty()).isFalse();
        listeners.clear();
        assertThat(listeners.isEmpty()).isTrue();
    }
}

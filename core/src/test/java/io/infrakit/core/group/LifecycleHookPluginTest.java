package io.infrakit.core.group;

import io.infrakit.core.event.EventType;
import io.infrakit.core.spec.InvalidSpecException;
import io.infrakit.spi.group.LifecycleHookPlugin;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Policy.Hooks with a Plugin target: the controller calls the plugin, then waits as for a Url hook. */
class LifecycleHookPluginTest {

    /** An in-process hook plugin that records what it was told. */
    static final class Recorder implements LifecycleHookPlugin {
        final List<String> notices = new CopyOnWriteArrayList<>();

        @Override
        public void notify(String group, String instanceId, String transition) {
            notices.add(group + " " + instanceId + " " + transition);
        }
    }

    static String hooks(String on, String dflt) {
        return "\"Policy\":{\"Hooks\":[{\"On\":\"" + on + "\",\"Plugin\":\"hooks/web\",\"Timeout\":\"30s\",\"Default\":\""
                + dflt + "\"}]}";
    }

    @Test
    void aLaunchHookPluginIsCalledAndItsAnswerPutsTheMemberInService() {
        try (Harness h = new Harness()) {
            Recorder hook = new Recorder();
            h.lookup.withObject("hooks/web", hook);
            h.commit(Harness.scaled("web", 2, 1, hooks("launch", "abandon")));
            h.tick(3);
            List<String> ids = h.instances.all().stream().map(FakeInstancePlugin.Stored::id).sorted().toList();
            assertThat(hook.notices).containsExactlyInAnyOrder("web " + ids.get(0) + " launch", "web " + ids.get(1) + " launch");
            // Held out of service until answered, as with a Url.
            assertThat(h.plugin.describeGroup("web").status().healthy()).isZero();
            h.plugin.completeHook("web", ids.get(0), true);
            h.tick(3);
            assertThat(h.plugin.describeGroup("web").status().healthy()).isEqualTo(1);
            // The other one is never answered: Default abandon after the Timeout, and its replacement is announced.
            h.tick(30);
            assertThat(h.events(EventType.HOOK_TIMED_OUT)).extracting(e -> e.instance()).contains(ids.get(1));
            assertThat(h.instances.all()).extracting(FakeInstancePlugin.Stored::id).doesNotContain(ids.get(1));
            assertThat(hook.notices).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aTerminateHookPluginHoldsTheDestroyUntilAnswered() {
        try (Harness h = new Harness()) {
            Recorder hook = new Recorder();
            h.lookup.withObject("hooks/web", hook);
            h.commit(Harness.scaled("web", 2, 1, hooks("terminate", "abandon")));
            h.tick(3);
            h.plugin.setSize("web", 1);
            h.tick(3);
            assertThat(hook.notices).singleElement().asString().endsWith(" terminate");
            assertThat(h.instances.count()).isEqualTo(2);
            String id = hook.notices.getFirst().split(" ")[1];
            h.plugin.completeHook("web", id, true);
            h.tick(3);
            assertThat(h.instances.count()).isEqualTo(1);
            assertThat(h.instances.all()).extracting(FakeInstancePlugin.Stored::id).doesNotContain(id);
        }
    }

    @Test
    void aHookPluginThatCannotBeFoundIsRefusedAtCommit() {
        try (Harness h = new Harness()) {
            assertThatThrownBy(() -> h.commit(Harness.scaled("web", 2, 1, hooks("launch", "continue"))))
                    .isInstanceOf(InvalidSpecException.class)
                    .hasMessageContaining("Policy.Hooks Plugin 'hooks/web' cannot be reached as a lifecycle hook");
            assertThat(h.instances.count()).isZero();
        }
    }
}

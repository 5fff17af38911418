package io.infrakit.core.group;

import com.sun.net.httpserver.HttpServer;
import io.infrakit.core.event.EventType;
import io.infrakit.spi.PluginException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Policy.Hooks: the controller notifies a real HTTP endpoint and waits for the answer, or the timeout and its default. */
class LifecycleHooksTest {

    HttpServer server;
    final List<String> notified = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            notified.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void close() {
        server.stop(0);
    }

    String hooks(String on, String dflt) {
        return "\"Policy\":{\"Hooks\":[{\"On\":\"" + on + "\",\"Url\":\"http://127.0.0.1:" + server.getAddress().getPort()
                + "/hook\",\"Timeout\":\"30s\",\"Default\":\"" + dflt + "\"}]}";
    }

    @Test
    void aLaunchHookThatNeverAnswersHitsItsTimeoutAndDefaultContinue() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 3, 1, hooks("launch", "continue")));
            h.tick(20);
            assertThat(notified).hasSize(3).allSatisfy(n -> assertThat(n).contains("\"Group\":\"web\"")
                    .contains("\"Transition\":\"launch\""));
            // Held out of service: the flavor says healthy, the group does not count them yet.
            assertThat(h.plugin.describeGroup("web").status().healthy()).isZero();
            assertThat(h.events(EventType.HOOK_NOTIFIED)).hasSize(3);
            h.tick(12);
            assertThat(h.events(EventType.HOOK_TIMED_OUT)).hasSize(3)
                    .allSatisfy(e -> assertThat(e.message()).contains("Default continue"));
            assertThat(h.plugin.describeGroup("web").status().healthy()).isEqualTo(3);
            assertThat(h.plugin.describeGroup("web").converged()).isTrue();
            assertThat(h.instances.destroys.get()).isZero();
        }
    }

    @Test
    void aLaunchHookThatNeverAnswersWithDefaultAbandonHasTheMemberReplaced() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 2, 1, hooks("launch", "abandon")));
            h.tick(32);
            assertThat(h.events(EventType.HOOK_TIMED_OUT)).hasSize(2);
            assertThat(h.instances.destroys.get()).isEqualTo(2);
            assertThat(h.instances.count()).isEqualTo(2); // replaced, and the new ones wait for their hooks
            assertThat(notified).hasSize(4);
        }
    }

    @Test
    void anAnswerReleasesAMemberAtOnceAndAnUnknownOneIsRefused() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 2, 1, hooks("launch", "abandon")));
            h.tick(3);
            List<String> ids = h.instances.all().stream().map(FakeInstancePlugin.Stored::id).sorted().toList();
            assertThat(h.plugin.completeHook("web", ids.get(0), true)).contains("continue; it counts as in service");
            assertThat(h.plugin.completeHook("web", ids.get(1), false)).contains("abandon; it is destroyed and replaced");
            h.tick(3);
            assertThat(h.instances.all()).extracting(FakeInstancePlugin.Stored::id).contains(ids.get(0))
                    .doesNotContain(ids.get(1));
            assertThat(h.plugin.describeGroup("web").status().healthy()).isEqualTo(1);
            assertThatThrownBy(() -> h.plugin.completeHook("web", ids.get(0), true)).isInstanceOf(PluginException.class)
                    .hasMessageContaining("no lifecycle hook of group 'web' waits for instance '" + ids.get(0) + "'");
        }
    }

    @Test
    void aTerminateHookHoldsTheDestroyUntilItsTimeout() {
        try (Harness h = new Harness()) {
            h.commit(Harness.scaled("web", 3, 1, hooks("terminate", "continue")));
            h.tick(3);
            h.plugin.setSize("web", 1);
            h.tick(20);
            assertThat(h.instances.count()).isEqualTo(3);
            assertThat(notified).hasSize(2).allSatisfy(n -> assertThat(n).contains("\"Transition\":\"terminate\""));
            h.tick(12);
            assertThat(h.instances.count()).isEqualTo(1);
            assertThat(h.events(EventType.HOOK_TIMED_OUT)).hasSize(2);
        }
    }
}

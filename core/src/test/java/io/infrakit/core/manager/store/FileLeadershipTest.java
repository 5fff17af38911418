package io.infrakit.core.manager.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FileLeadershipTest {

    @TempDir
    Path home;

    static final class Counting implements Leadership.Listener {
        final AtomicInteger elected = new AtomicInteger();
        final AtomicInteger revoked = new AtomicInteger();

        @Override
        public void elected() {
            elected.incrementAndGet();
        }

        @Override
        public void revoked() {
            revoked.incrementAndGet();
        }
    }

    @Test
    void onlyOneOfTwoLeadsAndClosingItHandsOver() {
        Duration period = Duration.ofMillis(50);
        FileLeadership a = new FileLeadership(home, period);
        FileLeadership b = new FileLeadership(home, period);
        Counting ca = new Counting();
        Counting cb = new Counting();
        a.start("unix:///a", ca);
        await().atMost(Duration.ofSeconds(5)).until(a::isLeader);
        b.start("unix:///b", cb);
        // b keeps campaigning but never gets the lock while a holds it
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertThat(b.isLeader()).isFalse();
        assertThat(cb.elected).hasValue(0);
        assertThat(b.leaderLocation()).contains("unix:///a");
        assertThat(ca.elected).hasValue(1);

        a.close();
        assertThat(ca.revoked).hasValue(1);
        await().atMost(Duration.ofSeconds(5)).until(b::isLeader);
        assertThat(cb.elected).hasValue(1);
        assertThat(b.leaderLocation()).contains("unix:///b");
        assertThat(new FileLeadership(home).leaderLocation()).contains("unix:///b");
        b.close();
        assertThat(new FileLeadership(home).leaderLocation()).isEmpty();
    }

    @Test
    void aLockThatIsAFolderIsAProblemNamedWithItsFix() throws Exception {
        java.nio.file.Files.createDirectories(home.resolve("leader.lock"));
        FileLeadership a = new FileLeadership(home, Duration.ofMillis(50));
        try {
            a.start("unix:///a", new Counting());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> a.problem().isPresent());
            assertThat(a.isLeader()).isFalse();
            assertThat(a.problem().orElseThrow()).contains("cannot take the leader lock " + home.resolve("leader.lock"),
                    "it is a folder", "rmdir");
            java.nio.file.Files.delete(home.resolve("leader.lock"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(a::isLeader);
            assertThat(a.problem()).isEmpty();
        } finally {
            a.close();
        }
    }

    @Test
    void aLeaderWhoseLockFileIsDeletedStepsDown() throws Exception {
        Duration period = Duration.ofMillis(50);
        FileLeadership a = new FileLeadership(home, period);
        Counting ca = new Counting();
        a.start("unix:///a", ca);
        await().atMost(Duration.ofSeconds(5)).until(a::isLeader);
        java.nio.file.Files.delete(home.resolve("leader.lock"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ca.revoked.get() == 1);
        // it campaigns again, on a new file, and leads again
        await().atMost(Duration.ofSeconds(5)).until(() -> ca.elected.get() == 2 && a.isLeader());
        assertThat(home.resolve("leader.lock")).exists();
        a.close();
    }
}

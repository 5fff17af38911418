package io.infrakit.libvirt;

import io.infrakit.spi.instance.ExecResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a guest-exec the agent could not start is reported (the QEMU end-to-end test runs the real one). */
class GuestAgentTest {

    private static final String PREFIX = "internal error: unable to execute QEMU agent command 'guest-exec': ";

    @Test
    void aMissingProgramExits127LikeAShell() {
        assertThat(GuestAgent.notStarted("/no/such/program",
                PREFIX + "Failed to execute child process \u201c/no/such/program\u201d (No such file or directory)"))
                .hasValue(new ExecResult(127, "", "/no/such/program: command not found\n"));
    }

    @Test
    void aProgramThatIsNotExecutableExits126() {
        assertThat(GuestAgent.notStarted("/etc/passwd",
                PREFIX + "Failed to execute child process \u201c/etc/passwd\u201d (Permission denied)"))
                .hasValueSatisfying(r -> {
                    assertThat(r.exitCode()).isEqualTo(126);
                    assertThat(r.stderr()).startsWith("/etc/passwd: permission denied");
                });
    }

    @Test
    void otherAgentErrorsAreNotTakenForAMissingProgram() {
        assertThat(GuestAgent.notStarted("ls", "Guest agent is not responding: QEMU guest agent is not connected")).isEmpty();
        assertThat(GuestAgent.notStarted("ls", PREFIX + "Failed to execute child process \u201cls\u201d (Too many open files)")).isEmpty();
        assertThat(GuestAgent.notStarted("ls", null)).isEmpty();
    }
}

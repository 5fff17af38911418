package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code infrakit explain}: fields of a group spec and of the built-in plugins' properties, no daemon needed. */
class ExplainCommandTest {

    final CliRun cli;

    ExplainCommandTest() throws IOException {
        cli = new CliRun();
    }

    @AfterEach
    void clean() throws IOException {
        cli.delete();
    }

    private String ok(String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
        return r.out();
    }

    @Test
    void explainsGroupFieldsAtEveryDepth() {
        assertThat(ok("explain", "group")).startsWith("group  (object, required)\n")
                .containsPattern("\\n  Allocation\\s+object\\s+yes\\s+How many members")
                .containsPattern("\\n  Policy\\s+object\\s+Our own optional policies");
        assertThat(ok("explain", "group.Allocation")).startsWith("group.Allocation  (object, required)\n")
                .containsPattern("\\n  Size\\s+integer\\s+0\\s+Number of interchangeable members")
                .containsPattern("\\n  LogicalIDs\\s+list of string\\s+One member per name");
        assertThat(ok("explain", "group.Policy.MaxSurge"))
                .isEqualTo("group.Policy.MaxSurge  (integer, default 1 (0 with LogicalIDs))\n"
                        + "  Members allowed above the size during a rolling update.\n");
        assertThat(ok("explain", "group", "--recursive")).contains("\n  Policy  (object)", "\n    MaxSurge  (integer, default 1 (0 with LogicalIDs))");
    }

    @Test
    void explainsEachBuiltInPluginsProperties() {
        assertThat(ok("explain", "vanilla")).containsPattern("\\n  Init\\s+list of string").containsPattern("\\n  Tags\\s+map of string");
        assertThat(ok("explain", "simulator")).contains("any JSON object");
        assertThat(ok("explain", "docker.Config.Image")).startsWith("docker.Config.Image  (string, required)");
        assertThat(ok("explain", "libvirt.Domain")).containsPattern("\\n  Type\\s+string\\s+yes\\s+One of");
    }

    @Test
    void anUnknownTargetIsBadInputWithTheKnownNames() {
        CliRun.Result field = cli.run("explain", "group.Alocation");
        assertThat(field.code()).isEqualTo(2);
        assertThat(field.err()).contains("group has no field 'Alocation': did you mean Allocation? (its fields: Instance, Flavor,"
                + " Allocation, Updating, Policy)");
        CliRun.Result root = cli.run("explain", "nosuch");
        assertThat(root.code()).isEqualTo(2);
        assertThat(root.err()).contains("cannot explain 'nosuch': explain group, or a plugin kind").contains("vanilla");
        CliRun.Result leaf = cli.run("explain", "group.Allocation.Size.Bits");
        assertThat(leaf.code()).isEqualTo(2);
        assertThat(leaf.err()).contains("group.Allocation.Size (integer) has no fields inside");
    }
}

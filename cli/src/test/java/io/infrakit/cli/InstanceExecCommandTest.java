package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.MemoryInstancePlugin;
import io.infrakit.rpc.binding.InstanceExecRpc;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.rpc.server.RpcServer;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceExec;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code infrakit instance exec} over the Instance.Exec RPC extension, against an in-process plugin. */
class InstanceExecCommandTest {

    /** An instance plugin with one instance, "vm-1", that runs commands by echoing them back. */
    static final class ExecPlugin implements InstancePlugin, InstanceExec {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile Duration lastTimeout;

        @Override
        public ExecResult exec(String instanceId, List<String> command, Duration timeout) {
            if (!instanceId.equals("vm-1")) {
                throw new PluginException("no instance '" + instanceId + "'");
            }
            calls.add(String.join("|", command));
            lastTimeout = timeout;
            return new ExecResult(command.contains("fail") ? 7 : 0, "ran " + String.join(" ", command) + "\n", "warning: just a test\n");
        }

        @Override
        public void validate(JsonNode properties) {
        }

        @Override
        public String provision(InstanceSpec spec) {
            return "vm-1";
        }

        @Override
        public void label(String instanceId, Map<String, String> labels) {
        }

        @Override
        public void destroy(String instanceId, DestroyContext context) {
        }

        @Override
        public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
            return List.of();
        }
    }

    CliRun cli;
    ExecPlugin vm;
    RpcServer withExec;
    RpcServer withoutExec;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CliRun();
        vm = new ExecPlugin();
        withExec = new RpcServer(cli.plugins.resolve("vms"),
                new Dispatcher("vms", Map.of("", vm), RpcInterfaces.standard().with(new InstanceExecRpc()))).start();
        withoutExec = new RpcServer(cli.plugins.resolve("sim"),
                new Dispatcher("sim", Map.of("", new MemoryInstancePlugin()), RpcInterfaces.standard().with(new InstanceExecRpc()))).start();
    }

    @AfterEach
    void tearDown() throws IOException {
        withExec.close();
        withoutExec.close();
        cli.delete();
    }

    @Test
    void printsOutputAndExitsWithTheCommandsExitCode() {
        CliRun.Result ok = cli.run("instance", "exec", "--plugin", "vms", "vm-1", "--", "/bin/sh", "-c", "uname -a; echo 'a b'");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("ran /bin/sh -c uname -a; echo 'a b'\n");
        assertThat(ok.err()).isEqualTo("warning: just a test\n");
        assertThat(vm.calls).containsExactly("/bin/sh|-c|uname -a; echo 'a b'");
        assertThat(vm.lastTimeout).isEqualTo(Duration.ofSeconds(30));

        CliRun.Result failed = cli.run("instance", "exec", "--plugin", "vms", "--timeout", "2m", "vm-1", "--", "fail");
        assertThat(failed.code()).isEqualTo(7);
        assertThat(vm.lastTimeout).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void errorsAreReportedWithTheRightExitCodes() {
        CliRun.Result unknown = cli.run("instance", "exec", "--plugin", "vms", "vm-2", "--", "true");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no instance 'vm-2'");

        CliRun.Result notSupported = cli.run("instance", "exec", "--plugin", "sim", "x", "--", "true");
        assertThat(notSupported.code()).isEqualTo(1);
        assertThat(notSupported.err()).contains("Instance.Exec");

        CliRun.Result noPlugin = cli.run("instance", "exec", "--plugin", "nothere", "x", "--", "true");
        assertThat(noPlugin.code()).isEqualTo(1);
        assertThat(noPlugin.err()).contains("nothere");

        CliRun.Result noCommand = cli.run("instance", "exec", "--plugin", "vms", "vm-1");
        assertThat(noCommand.code()).isEqualTo(2);

        CliRun.Result badTimeout = cli.run("instance", "exec", "--plugin", "vms", "--timeout", "500ms", "vm-1", "--", "true");
        assertThat(badTimeout.code()).isEqualTo(2);
        assertThat(badTimeout.err()).contains("--timeout '500ms'");
        CliRun.Result notADuration = cli.run("instance", "exec", "--plugin", "vms", "--timeout", "soon", "vm-1", "--", "true");
        assertThat(notADuration.code()).isEqualTo(2);
        assertThat(vm.calls).isEmpty();
    }
}

package io.infrakit.rpc;

import io.infrakit.rpc.binding.InstanceExecRpc;
import io.infrakit.rpc.binding.RpcInterface;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.binding.RpcMethod;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.rpc.server.RpcServer;
import io.infrakit.rpc.testing.TempDirs;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceExec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code Instance.ExecStart}/{@code Instance.ExecOutput}: a command's stdout crosses the socket while it runs. */
class ExecStreamingTest {

    Path dir;
    InfrakitPaths paths;

    @BeforeEach
    void setUp() throws IOException {
        dir = TempDirs.create();
        paths = InfrakitPaths.under(dir);
    }

    @AfterEach
    void tearDown() throws IOException {
        TempDirs.delete(dir);
    }

    /** Prints "first", waits until the test has seen it, then prints "second" and ends. */
    static final class GatedPlugin extends RpcExtensionTest.VmPlugin implements InstanceExec {
        final CountDownLatch seen = new CountDownLatch(1);

        @Override
        public ExecResult exec(String instanceId, List<String> command, Duration timeout) {
            throw new AssertionError("the streamed call must be used");
        }

        @Override
        public ExecResult exec(String instanceId, List<String> command, Duration timeout, Consumer<String> stdout) {
            if (command.getFirst().equals("fail")) {
                throw new PluginException("exec on " + instanceId + ": the agent did not answer");
            }
            stdout.accept("first\n");
            try {
                if (!seen.await(10, TimeUnit.SECONDS)) {
                    return new ExecResult(1, "first\n", "the client never saw the first line");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stdout.accept("second\n");
            return new ExecResult(0, "first\nsecond\n", "done\n");
        }
    }

    @Test
    void theFirstLineCrossesTheSocketBeforeTheCommandEnds() throws IOException {
        GatedPlugin plugin = new GatedPlugin();
        try (RpcServer server = new RpcServer(paths.socket("vm"), new Dispatcher("vm", Map.of("", plugin), RpcInterfaces.discover())).start();
             PluginRegistry registry = new PluginRegistry(paths, RpcInterfaces.standard().with(new InstanceExecRpc()), RpcClient.DEFAULT_TIMEOUT)) {
            InstanceExec exec = registry.lookup("vm", InstanceExec.class);
            List<String> pieces = new CopyOnWriteArrayList<>();
            // The command only ends once the client has the first line: a client that got output only at the end would wait 10 s and see exit 1.
            ExecResult r = exec.exec("vm-1", List.of("/bin/sh", "-c", "slow"), Duration.ofSeconds(30), text -> {
                pieces.add(text);
                if (text.contains("first")) {
                    plugin.seen.countDown();
                }
            });
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stdout()).isEqualTo("first\nsecond\n");
            assertThat(r.stderr()).isEqualTo("done\n");
            assertThat(String.join("", pieces)).isEqualTo("first\nsecond\n");

            // A command that cannot run fails as Instance.Exec fails: a PluginException with the plugin's words.
            assertThatThrownBy(() -> exec.exec("vm-1", List.of("fail"), Duration.ofSeconds(5), text -> {
            })).isInstanceOf(PluginException.class).hasMessage("exec on vm-1: the agent did not answer");
        }
    }

    /** An InstanceExec binding as it was before streaming: Instance.Exec only. */
    static final class OldExecRpc implements RpcInterface<InstanceExec> {
        @Override
        public InterfaceSpec spec() {
            return InstanceExecRpc.SPEC;
        }

        @Override
        public Class<InstanceExec> type() {
            return InstanceExec.class;
        }

        @Override
        public List<RpcMethod<InstanceExec, ?>> methods() {
            return List.of(new InstanceExecRpc().methods().getFirst());
        }

        @Override
        public InstanceExec client(RpcClient rpc, PluginName name) {
            return new InstanceExecRpc.Client(rpc, name.type());
        }
    }

    @Test
    void aPluginWithoutTheStreamedMethodsAnswersThroughInstanceExecAtTheEnd() throws IOException {
        RpcExtensionTest.ExecVmPlugin plugin = new RpcExtensionTest.ExecVmPlugin();
        try (RpcServer server = new RpcServer(paths.socket("old"), new Dispatcher("old", Map.of("", plugin),
                RpcInterfaces.standard().with(new OldExecRpc()))).start();
             PluginRegistry registry = new PluginRegistry(paths, RpcInterfaces.standard().with(new InstanceExecRpc()), RpcClient.DEFAULT_TIMEOUT)) {
            List<String> pieces = new CopyOnWriteArrayList<>();
            ExecResult r = registry.lookup("old", InstanceExec.class).exec("c-1", List.of("uptime"), Duration.ofSeconds(5), pieces::add);
            assertThat(r.stdout()).isEqualTo("c-1 ran uptime");
            assertThat(pieces).containsExactly("c-1 ran uptime");
        }
    }
}

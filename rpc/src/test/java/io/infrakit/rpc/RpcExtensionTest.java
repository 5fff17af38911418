package io.infrakit.rpc;

import io.infrakit.rpc.registry.PluginRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.rpc.binding.ControllerRpc;
import io.infrakit.rpc.binding.InstanceExecRpc;
import io.infrakit.rpc.binding.InstanceRpc;
import io.infrakit.rpc.binding.RpcInterface;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.binding.RpcMethod;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.rpc.server.RpcServer;
import io.infrakit.rpc.testing.EchoRpc;
import io.infrakit.rpc.testing.FakeInstancePlugin;
import io.infrakit.rpc.testing.RawHttp;
import io.infrakit.rpc.testing.TempDirs;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceExec;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Other modules add interfaces and extension methods without touching the dispatcher. */
class RpcExtensionTest {

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

    @Test
    void discoveredBindingIsServedListedAndProxied() throws IOException {
        RpcInterfaces interfaces = RpcInterfaces.discover();
        assertThat(interfaces.all()).extracting(i -> i.spec().toString()).contains("Instance/0.6.1", "Echo/0.1.0");
        EchoRpc.Echo upper = String::toUpperCase;
        try (RpcServer server = new RpcServer(paths.socket("mgr"), new Dispatcher("mgr", Map.of("", upper), interfaces)).start();
             PluginRegistry registry = new PluginRegistry(paths, interfaces, RpcClient.DEFAULT_TIMEOUT)) {
            JsonNode hello = WireJson.mapper().readTree(RawHttp.post(server.socket(), "{\"jsonrpc\":\"2.0\",\"method\":\"Handshake.Hello\",\"params\":{},\"id\":1}").body());
            assertThat(hello.get("result").get("Objects").get("Echo/0.1.0").get(0).get("Name").asText()).isEqualTo(".");
            JsonNode api = WireJson.mapper().readTree(RawHttp.get(server.socket(), "/info/api.json").body());
            assertThat(api.get("Interfaces").get(0).get("Methods").get(0).get("Request").get("method").asText()).isEqualTo("Echo.Say");

            EchoRpc.Echo remote = registry.lookup("mgr", EchoRpc.Echo.class);
            assertThat(remote.echo("hello")).isEqualTo("HELLO");
        }
    }

    /** A provider-specific method on an instance object, e.g. what a libvirt plugin might add. */
    public interface Console {
        String console(String instanceId);
    }

    static final class ConsoleRpc implements RpcInterface<Console> {
        record Params(@JsonProperty("Type") String type, @JsonProperty("Instance") String instance) {
        }

        record Result(@JsonProperty("Type") String type, @JsonProperty("Console") String console) {
        }

        @Override
        public InterfaceSpec spec() {
            return new InterfaceSpec("Console", "0.1.0");
        }

        @Override
        public Class<Console> type() {
            return Console.class;
        }

        @Override
        public List<RpcMethod<Console, ?>> methods() {
            return List.of(RpcMethod.of("Instance.Console", Params.class, (c, p) -> new Result(p.type(), c.console(p.instance())),
                    new Params("", ""), new Result("", "")));
        }

        @Override
        public Console client(RpcClient rpc, PluginName name) {
            return id -> rpc.call("Instance.Console", new Params(name.type(), id), Result.class).console();
        }
    }

    static class VmPlugin implements InstancePlugin, Console {
        final FakeInstancePlugin delegate = new FakeInstancePlugin("vm");

        @Override
        public String console(String instanceId) {
            return "console of " + instanceId;
        }

        @Override
        public void validate(JsonNode properties) {
        }

        @Override
        public String provision(InstanceSpec spec) {
            return delegate.provision(spec);
        }

        @Override
        public void label(String instanceId, Map<String, String> labels) {
        }

        @Override
        public void destroy(String instanceId, io.infrakit.spi.instance.DestroyContext context) {
        }

        @Override
        public List<io.infrakit.spi.instance.InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
            return delegate.describeInstances(tags, properties);
        }
    }

    @Test
    void extensionMethodOnAnInstanceObject() throws IOException {
        RpcInterfaces interfaces = RpcInterfaces.standard().with(new ConsoleRpc());
        try (RpcServer server = new RpcServer(paths.socket("libvirt"), new Dispatcher("libvirt", Map.of("kvm", new VmPlugin()), interfaces)).start();
             PluginRegistry registry = new PluginRegistry(paths, interfaces, RpcClient.DEFAULT_TIMEOUT)) {
            JsonNode answer = WireJson.mapper().readTree(RawHttp.post(server.socket(),
                    "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Console\",\"params\":{\"Type\":\"kvm\",\"Instance\":\"vm-1\"},\"id\":1}").body());
            assertThat(answer.get("result").get("Console").asText()).isEqualTo("console of vm-1");
            assertThat(registry.lookup("libvirt/kvm", Console.class).console("vm-2")).isEqualTo("console of vm-2");
            // the standard methods still work on the same object
            assertThat(registry.instance("libvirt/kvm").provision(new InstanceSpec(null, Map.of(), "", null, null))).startsWith("vm-");
            assertThat(new InstanceRpc().spec()).isEqualTo(InterfaceSpec.INSTANCE);
        }
    }

    /** An instance plugin that can also exec (as Docker's and libvirt's can). */
    static final class ExecVmPlugin extends VmPlugin implements InstanceExec {
        @Override
        public ExecResult exec(String instanceId, List<String> command, Duration timeout) {
            return new ExecResult(0, instanceId + " ran " + String.join(" ", command), "");
        }
    }

    @Test
    void daemonsServeControllerAndExecFromRpcItselfWhateverProvidersAreOnTheClassPath() throws IOException {
        // The bindings live in rpc and are listed in rpc's own META-INF/services: a daemon serving only
        // Docker offers Instance.Exec without libvirt on its class path.
        RpcInterfaces interfaces = RpcInterfaces.discover();
        assertThat(interfaces.all()).anyMatch(i -> i instanceof ControllerRpc).anyMatch(i -> i instanceof InstanceExecRpc);
        Dispatcher dispatcher = new Dispatcher("docker", Map.of("", new ExecVmPlugin()), interfaces);
        assertThat(dispatcher.hello().objects()).containsKeys("Instance/0.6.1", "InstanceExec/0.1.0");
        try (RpcServer server = new RpcServer(paths.socket("docker"), dispatcher).start();
             PluginRegistry registry = new PluginRegistry(paths, RpcInterfaces.standard().with(new InstanceExecRpc()), RpcClient.DEFAULT_TIMEOUT)) {
            ExecResult result = registry.lookup("docker", InstanceExec.class).exec("c-1", List.of("uptime"), Duration.ofSeconds(5));
            assertThat(result.stdout()).isEqualTo("c-1 ran uptime");
        }
    }

    /** An instance plugin that can stop and start its instances (as Docker's and libvirt's can). */
    static final class LifecycleVmPlugin extends VmPlugin implements io.infrakit.spi.instance.InstanceLifecycle {
        final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void start(String instanceId) {
            calls.add("start " + instanceId);
        }

        @Override
        public void stop(String instanceId) {
            if (instanceId.equals("gone")) {
                throw new io.infrakit.spi.PluginException("no instance gone");
            }
            calls.add("stop " + instanceId);
        }
    }

    @Test
    void lifecycleIsAdvertisedInTheHandshakeAndCalledOverTheSocket() throws IOException {
        RpcInterfaces interfaces = RpcInterfaces.discover();
        assertThat(interfaces.all()).anyMatch(i -> i instanceof io.infrakit.rpc.binding.InstanceLifecycleRpc);
        LifecycleVmPlugin plugin = new LifecycleVmPlugin();
        Dispatcher dispatcher = new Dispatcher("docker", Map.of("", plugin), interfaces);
        assertThat(dispatcher.hello().objects()).containsKeys("Instance/0.6.1", "InstanceLifecycle/0.1.0")
                .doesNotContainKey("InstanceExec/0.1.0");
        try (RpcServer server = new RpcServer(paths.socket("docker"), dispatcher).start();
             PluginRegistry registry = new PluginRegistry(paths, RpcInterfaces.standard()
                     .with(new io.infrakit.rpc.binding.InstanceLifecycleRpc()), RpcClient.DEFAULT_TIMEOUT)) {
            var lifecycle = registry.lookup("docker", io.infrakit.spi.instance.InstanceLifecycle.class);
            lifecycle.stop("c-1");
            lifecycle.start("c-1");
            assertThat(plugin.calls).containsExactly("stop c-1", "start c-1");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> lifecycle.stop("gone"))
                    .hasMessageContaining("no instance gone");
            JsonNode answer = WireJson.mapper().readTree(RawHttp.post(server.socket(),
                    "{\"jsonrpc\":\"2.0\",\"method\":\"Instance.Start\",\"params\":{\"Type\":\"\"},\"id\":1}").body());
            assertThat(answer.get("error").get("message").asText()).contains("\"Instance\" is missing");
        }
    }

    @Test
    void aLifecycleHookPluginIsCalledOverTheSocket() throws IOException {
        List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.infrakit.spi.group.LifecycleHookPlugin hook = (group, instance, transition) ->
                notices.add(group + " " + instance + " " + transition);
        Dispatcher dispatcher = new Dispatcher("hooks", Map.of("web", hook), RpcInterfaces.discover());
        assertThat(dispatcher.hello().objects()).containsKey("LifecycleHook/0.1.0");
        try (RpcServer server = new RpcServer(paths.socket("hooks"), dispatcher).start();
             PluginRegistry registry = new PluginRegistry(paths, RpcInterfaces.standard()
                     .with(new io.infrakit.rpc.binding.LifecycleHookRpc()), RpcClient.DEFAULT_TIMEOUT)) {
            registry.lookup("hooks/web", io.infrakit.spi.group.LifecycleHookPlugin.class).notify("web", "i-1", "launch");
            assertThat(notices).containsExactly("web i-1 launch");
            JsonNode answer = WireJson.mapper().readTree(RawHttp.post(server.socket(),
                    "{\"jsonrpc\":\"2.0\",\"method\":\"LifecycleHook.Notify\",\"params\":{\"Type\":\"web\",\"Group\":\"web\","
                            + "\"Instance\":\"i-2\",\"Transition\":\"boot\"},\"id\":1}").body());
            assertThat(answer.get("error").get("message").asText()).contains("\"Transition\" is 'boot'");
            assertThat(notices).hasSize(1);
        }
    }

    @Test
    void onlyCallsWhoseRepeatDoesTheWorkTwiceAreNotRepeatable() {
        assertThat(RpcInterfaces.discover().all().stream().flatMap(i -> i.methods().stream())
                .filter(m -> !m.repeatable()).map(RpcMethod::name))
                .containsExactlyInAnyOrder("Instance.Provision", "Instance.Exec", "Instance.ExecStart",
                        // a resent compare-and-swap would report its own write as a conflict; a resent template is a second one
                        "Metadata.Put", "Instance.CreateTemplate");
    }
}

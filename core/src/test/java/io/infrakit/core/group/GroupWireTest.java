package io.infrakit.core.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.core.event.EventBus;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.server.Dispatcher;
import io.infrakit.simulator.SimulatorInstancePlugin;
import io.infrakit.simulator.SimulatorOptions;
import io.infrakit.vanilla.VanillaFlavor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * InfraKit's own calls to its group plugin (wire transcript, socket group-stateless), replayed
 * against ours through the JSON-RPC dispatcher: same requests, same answers (instance IDs aside).
 */
class GroupWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock();
    private final SimulatorInstancePlugin sim = new SimulatorInstancePlugin("compute", SimulatorOptions.DEFAULTS, clock);
    private final GroupControllerPlugin plugin = new GroupControllerPlugin(
            new FakeLookup().with("simproxy/compute", sim).with("vanproxy", new VanillaFlavor()),
            new EventBus(clock), clock, new GroupControllerPlugin.Options(Duration.ofSeconds(1), 8, false), Runnable::run);
    private final Dispatcher dispatcher = new Dispatcher("group-stateless", Map.of("", plugin), RpcInterfaces.standard());

    private JsonNode call(String method, String params) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":7}";
        JsonNode answer = JSON.readTree(new String(dispatcher.handle(body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        assertThat(answer.has("error")).as(answer.toString()).isFalse();
        return answer.get("result");
    }

    private void tick(int seconds) {
        for (int i = 0; i < seconds; i++) {
            clock.advance(Duration.ofSeconds(1));
            plugin.reconcileAll();
        }
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void replaysInfraKitsSession() throws Exception {
        String commit1 = """
                {"Name":"grpproxy","Spec":{"ID":"cap","Properties":{"Allocation":{"Size":3},
                 "Flavor":{"Plugin":"vanproxy","Properties":{"Init":["echo hello"],"Tags":{"role":"web"}}},
                 "Instance":{"Plugin":"simproxy/compute","Properties":{"cpu":1}}}},"Pretend":false}""";
        assertThat(call("Group.CommitGroup", commit1))
                .isEqualTo(json("{\"Name\":\"grpproxy\",\"ID\":\"cap\",\"Details\":\"Managing 3 instances\"}"));
        tick(3);

        JsonNode described = call("Group.DescribeGroup", "{\"Name\":\"grpproxy\",\"ID\":\"cap\"}");
        assertThat(described.get("Name").asText()).isEqualTo("grpproxy");
        assertThat(described.get("ID").asText()).isEqualTo("cap");
        assertThat(described.at("/Description/Converged").asBoolean()).isTrue();
        assertThat(described.at("/Description/Instances")).hasSize(3).allSatisfy(i -> {
            assertThat(i.at("/Tags/infrakit.config.hash").asText()).isEqualTo("ksjeqeevnxstbc5zkh223j6nyjpexzce");
            assertThat(i.at("/Tags/infrakit.group").asText()).isEqualTo("cap");
            assertThat(i.at("/Tags/role").asText()).isEqualTo("web");
            assertThat(i.get("LogicalID").isNull()).isTrue();
        });
        assertThat(described.at("/Description/Status/Desired").asInt()).isEqualTo(3); // our extension

        assertThat(call("Group.Size", "{\"Name\":\"grpproxy\",\"ID\":\"cap\"}"))
                .isEqualTo(json("{\"Name\":\"grpproxy\",\"ID\":\"cap\",\"Size\":3}"));
        assertThat(call("Group.SetSize", "{\"Name\":\"grpproxy\",\"ID\":\"cap\",\"Size\":2}"))
                .isEqualTo(json("{\"Name\":\"grpproxy\",\"ID\":\"cap\"}"));
        tick(3);
        JsonNode after = call("Group.DescribeGroup", "{\"Name\":\"grpproxy\",\"ID\":\"cap\"}");
        assertThat(after.at("/Description/Instances")).hasSize(2);
        assertThat(after.at("/Description/Converged").asBoolean()).isTrue();

        String commit2 = commit1.replace("\"cpu\":1", "\"cpu\":2");
        assertThat(call("Group.CommitGroup", commit2)).isEqualTo(json("{\"Name\":\"grpproxy\",\"ID\":\"cap\",\"Details\":"
                + "\"Performing a rolling update on 2 instances, then adding 1 instances to increase the group size to 3\"}"));
        assertThat(call("Group.DescribeGroup", "{\"Name\":\"grpproxy\",\"ID\":\"cap\"}").at("/Description/Converged")
                .asBoolean()).isFalse();

        assertThat(call("Group.InspectGroups", "{\"Name\":\"grpproxy\",\"ID\":\"\"}")).isEqualTo(json("""
                {"Name":"grpproxy","ID":"","Groups":[{"ID":"cap","Properties":{
                 "Instance":{"Plugin":"simproxy/compute","Properties":{"cpu":2}},
                 "Flavor":{"Plugin":"vanproxy","Properties":{"Init":["echo hello"],"Tags":{"role":"web"}}},
                 "Allocation":{"Size":3,"LogicalIDs":null},
                 "Updating":{"Duration":"0s","Count":0,"SkipBeforeInstanceDestroy":null}}}]}"""));

        tick(30);
        JsonNode rolled = call("Group.DescribeGroup", "{\"Name\":\"grpproxy\",\"ID\":\"cap\"}");
        assertThat(rolled.at("/Description/Converged").asBoolean()).isTrue();
        assertThat(rolled.at("/Description/Instances")).hasSize(3).allSatisfy(i ->
                assertThat(i.at("/Tags/infrakit.config.hash").asText()).isEqualTo("qh4dz6olvv46hf3vrujijbzwtsakunkv"));

        assertThat(call("Group.DestroyGroup", "{\"Name\":\"grpproxy\",\"ID\":\"cap\"}"))
                .isEqualTo(json("{\"Name\":\"grpproxy\",\"ID\":\"cap\"}"));
        assertThat(sim.size()).isZero();
        assertThat(sim.calls().describeInstancesWithProperties()).isZero();
    }

    @Test
    void blankIdAnswersInfraKitsError() throws Exception {
        String body = """
                {"jsonrpc":"2.0","method":"Group.CommitGroup","params":{"Name":"g","Spec":{"ID":"","Properties":{}},"Pretend":false},"id":1}""";
        JsonNode answer = JSON.readTree(dispatcher.handle(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.at("/error/code").asInt()).isEqualTo(-32000);
        assertThat(answer.at("/error/message").asText()).isEqualTo("Group ID must not be blank");
    }
}

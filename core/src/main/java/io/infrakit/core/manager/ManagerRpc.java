package io.infrakit.core.manager;

import io.infrakit.core.manager.store.Leadership;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.binding.NameRoutedRpcInterface;
import io.infrakit.rpc.binding.RpcMethod;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;

import java.util.List;

/** {@link ManagerApi} on the wire ({@code Manager/0.1.0}); requests carry {@code Name} like Group's. */
public final class ManagerRpc implements NameRoutedRpcInterface<ManagerApi> {

    public static final InterfaceSpec SPEC = new InterfaceSpec("Manager", "0.1.0");

    @JsonPropertyOrder({"Name"})
    public record NameParams(@JsonProperty("Name") String name) {
    }

    @JsonPropertyOrder({"Name", "ID"})
    public record IdParams(@JsonProperty("Name") String name, @JsonProperty("ID") String id) {
    }

    @JsonPropertyOrder({"Name", "ID", "Version"})
    public record RollbackToParams(@JsonProperty("Name") String name, @JsonProperty("ID") String id,
                                   @JsonProperty("Version") long version) {
    }

    @JsonPropertyOrder({"Name", "ID", "Instance", "Result"})
    public record HookParams(@JsonProperty("Name") String name, @JsonProperty("ID") String id,
                             @JsonProperty("Instance") String instance, @JsonProperty("Result") String result) {
    }

    @JsonPropertyOrder({"Name", "After", "Group"})
    public record EventsParams(@JsonProperty("Name") String name, @JsonProperty("After") long after,
                               @JsonProperty("Group") String group) {
    }

    @JsonPropertyOrder({"Name", "ID", "Versions"})
    public record HistoryResult(@JsonProperty("Name") String name, @JsonProperty("ID") String id,
                                @JsonProperty("Versions") List<ManagerApi.Version> versions) {
    }

    @JsonPropertyOrder({"Name", "Damaged"})
    public record DamagedResult(@JsonProperty("Name") String name,
                                @JsonProperty("Damaged") List<ManagerApi.Damage> damaged) {
    }

    @JsonPropertyOrder({"Name", "ID", "Details"})
    public record RollbackResult(@JsonProperty("Name") String name, @JsonProperty("ID") String id,
                                 @JsonProperty("Details") String details) {
    }

    @Override
    public InterfaceSpec spec() {
        return SPEC;
    }

    @Override
    public Class<ManagerApi> type() {
        return ManagerApi.class;
    }


    @Override
    public List<RpcMethod<ManagerApi, ?>> methods() {
        return List.of(
                RpcMethod.of("Manager.Leadership", NameParams.class, (m, r) -> m.leadership(),
                        new NameParams("group"), new ManagerApi.LeaderInfo(true, "", "")),
                RpcMethod.of("Manager.Damaged", NameParams.class, (m, r) -> new DamagedResult(r.name(), m.damaged()),
                        new NameParams("group"), new DamagedResult("group", List.of())),
                RpcMethod.of("Manager.History", IdParams.class,
                        (m, r) -> new HistoryResult(r.name(), r.id(), m.history(r.id())),
                        new IdParams("group", "workers"), new HistoryResult("group", "workers", List.of())),
                RpcMethod.of("Manager.Rollback", IdParams.class,
                        (m, r) -> new RollbackResult(r.name(), r.id(), m.rollback(r.id())),
                        new IdParams("group", "workers"), new RollbackResult("group", "workers", "")),
                RpcMethod.of("Manager.RollbackTo", RollbackToParams.class,
                        (m, r) -> new RollbackResult(r.name(), r.id(), m.rollbackTo(r.id(), r.version())),
                        new RollbackToParams("group", "workers", 3), new RollbackResult("group", "workers", "")),
                RpcMethod.of("Manager.Promote", IdParams.class,
                        (m, r) -> new RollbackResult(r.name(), r.id(), m.promote(r.id())),
                        new IdParams("group", "workers"), new RollbackResult("group", "workers", "")),
                RpcMethod.of("Manager.Abort", IdParams.class,
                        (m, r) -> new RollbackResult(r.name(), r.id(), m.abort(r.id())),
                        new IdParams("group", "workers"), new RollbackResult("group", "workers", "")),
                RpcMethod.of("Manager.CompleteHook", HookParams.class,
                        (m, r) -> new RollbackResult(r.name(), r.id(), m.completeHook(r.id(), r.instance(), r.result())),
                        new HookParams("group", "workers", "i-1", "continue"), new RollbackResult("group", "workers", "")),
                RpcMethod.of("Manager.Events", EventsParams.class, (m, r) -> m.events(r.after(), r.group()),
                        new EventsParams("group", 0, null), new ManagerApi.EventPage(List.of(), 0)));
    }

    @Override
    public ManagerApi client(RpcClient rpc, PluginName name) {
        String n = name.toString();
        return new ManagerApi() {
            @Override
            public LeaderInfo leadership() {
                return rpc.call("Manager.Leadership", new NameParams(n), LeaderInfo.class);
            }

            @Override
            public List<Damage> damaged() {
                List<Damage> d = rpc.call("Manager.Damaged", new NameParams(n), DamagedResult.class).damaged();
                return d == null ? List.of() : d;
            }

            @Override
            public List<Version> history(String id) {
                List<Version> v = rpc.call("Manager.History", new IdParams(n, id), HistoryResult.class).versions();
                return v == null ? List.of() : v;
            }

            @Override
            public String rollback(String id) {
                return rpc.call("Manager.Rollback", new IdParams(n, id), RollbackResult.class).details();
            }

            @Override
            public String rollbackTo(String id, long version) {
                return rpc.call("Manager.RollbackTo", new RollbackToParams(n, id, version), RollbackResult.class).details();
            }

            @Override
            public String promote(String id) {
                return rpc.call("Manager.Promote", new IdParams(n, id), RollbackResult.class).details();
            }

            @Override
            public String abort(String id) {
                return rpc.call("Manager.Abort", new IdParams(n, id), RollbackResult.class).details();
            }

            @Override
            public String completeHook(String id, String instance, String result) {
                return rpc.call("Manager.CompleteHook", new HookParams(n, id, instance, result), RollbackResult.class).details();
            }

            @Override
            public EventPage events(long after, String group) {
                return rpc.call("Manager.Events", new EventsParams(n, after, group), EventPage.class);
            }
        };
    }
}

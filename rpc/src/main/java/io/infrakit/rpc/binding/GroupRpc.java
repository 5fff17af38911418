package io.infrakit.rpc.binding;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;

import java.util.List;

/**
 * Group/0.1.1 on the wire. Requests carry {@code Name} (the plugin name the caller addressed) and
 * {@code ID} (the group); answers echo both.
 */
public final class GroupRpc implements NameRoutedRpcInterface<GroupPlugin> {

    /** Params of FreeGroup, DescribeGroup, DestroyGroup, InspectGroups and Size. */
    @JsonPropertyOrder({"Name", "ID"})
    public record IdParams(@JsonProperty("Name") String name, @JsonProperty("ID") String id) {
    }

    @JsonPropertyOrder({"Name", "Spec", "Pretend"})
    public record CommitParams(@JsonProperty("Name") String name, @JsonProperty("Spec") GroupSpec spec,
                               @JsonProperty("Pretend") boolean pretend) {
    }

    @JsonPropertyOrder({"Name", "ID", "Instances"})
    public record DestroyInstancesParams(@JsonProperty("Name") String name, @JsonProperty("ID") String id,
                                         @JsonProperty("Instances") List<String> instances) {
    }

    @JsonPropertyOrder({"Name", "ID", "Size"})
    public record SetSizeParams(@JsonProperty("Name") String name, @JsonProperty("ID") String id,
                                @JsonProperty("Size") int size) {
    }

    /** The answer of FreeGroup, DestroyGroup, DestroyInstances and SetSize. */
    @JsonPropertyOrder({"Name", "ID"})
    public record IdResult(@JsonProperty("Name") String name, @JsonProperty("ID") String id) {
    }

    @JsonPropertyOrder({"Name", "ID", "Details"})
    public record CommitResult(@JsonProperty("Name") String name, @JsonProperty("ID") String id,
                               @JsonProperty("Details") String details) {
    }

    @JsonPropertyOrder({"Name", "ID", "Description"})
    public record DescribeResult(@JsonProperty("Name") String name, @JsonProperty("ID") String id,
                                 @JsonProperty("Description") GroupDescription description) {
    }

    @JsonPropertyOrder({"Name", "ID", "Groups"})
    public record InspectResult(@JsonProperty("Name") String name, @JsonProperty("ID") String id,
                                @JsonProperty("Groups") List<GroupSpec> groups) {
    }

    @JsonPropertyOrder({"Name", "ID", "Size"})
    public record SizeResult(@JsonProperty("Name") String name, @JsonProperty("ID") String id, @JsonProperty("Size") int size) {
    }

    @Override
    public InterfaceSpec spec() {
        return InterfaceSpec.GROUP;
    }

    @Override
    public Class<GroupPlugin> type() {
        return GroupPlugin.class;
    }


    @Override
    public List<RpcMethod<GroupPlugin, ?>> methods() {
        return List.of(
                RpcMethod.of("Group.CommitGroup", CommitParams.class,
                        (p, r) -> {
                            GroupSpec spec = r.spec() == null ? new GroupSpec("", null) : r.spec();
                            String details = p.commitGroup(spec, r.pretend());
                            return new CommitResult(r.name(), spec.id(), details);
                        },
                        new CommitParams("", new GroupSpec("", null), false), new CommitResult("", "", "")),
                RpcMethod.of("Group.DescribeGroup", IdParams.class,
                        (p, r) -> new DescribeResult(r.name(), r.id(), p.describeGroup(r.id())),
                        new IdParams("", ""), new DescribeResult("", "", new GroupDescription(null, false))),
                RpcMethod.of("Group.DestroyGroup", IdParams.class,
                        (p, r) -> {
                            p.destroyGroup(r.id());
                            return new IdResult(r.name(), r.id());
                        },
                        new IdParams("", ""), new IdResult("", "")),
                RpcMethod.of("Group.DestroyInstances", DestroyInstancesParams.class,
                        (p, r) -> {
                            p.destroyInstances(r.id(), r.instances() == null ? List.of() : r.instances());
                            return new IdResult(r.name(), r.id());
                        },
                        new DestroyInstancesParams("", "", null), new IdResult("", "")),
                RpcMethod.of("Group.FreeGroup", IdParams.class,
                        (p, r) -> {
                            p.freeGroup(r.id());
                            return new IdResult(r.name(), r.id());
                        },
                        new IdParams("", ""), new IdResult("", "")),
                RpcMethod.of("Group.InspectGroups", IdParams.class,
                        (p, r) -> new InspectResult(r.name(), r.id(), p.inspectGroups()),
                        new IdParams("", ""), new InspectResult("", "", null)),
                RpcMethod.of("Group.SetSize", SetSizeParams.class,
                        (p, r) -> {
                            p.setSize(r.id(), r.size());
                            return new IdResult(r.name(), r.id());
                        },
                        new SetSizeParams("", "", 0), new IdResult("", "")),
                RpcMethod.of("Group.Size", IdParams.class,
                        (p, r) -> new SizeResult(r.name(), r.id(), p.size(r.id())),
                        new IdParams("", ""), new SizeResult("", "", 0)));
    }

    @Override
    public GroupPlugin client(RpcClient rpc, PluginName name) {
        return new Client(rpc, name.toString());
    }

    /** A {@link GroupPlugin} behind a socket; every request carries {@code Name} = the plugin name addressed. */
    public static final class Client extends ClientProxy implements GroupPlugin {

        public Client(RpcClient rpc, String name) {
            super(rpc, name);
        }

        @Override
        public String commitGroup(GroupSpec spec, boolean pretend) {
            return rpc.call("Group.CommitGroup", new CommitParams(addressee, spec, pretend), CommitResult.class).details();
        }

        @Override
        public void freeGroup(String id) {
            rpc.call("Group.FreeGroup", new IdParams(addressee, id), IdResult.class);
        }

        @Override
        public GroupDescription describeGroup(String id) {
            return rpc.call("Group.DescribeGroup", new IdParams(addressee, id), DescribeResult.class).description();
        }

        @Override
        public void destroyGroup(String id) {
            rpc.call("Group.DestroyGroup", new IdParams(addressee, id), IdResult.class);
        }

        @Override
        public List<GroupSpec> inspectGroups() {
            return orEmpty(rpc.call("Group.InspectGroups", new IdParams(addressee, ""), InspectResult.class).groups());
        }

        @Override
        public void destroyInstances(String id, List<String> instanceIds) {
            rpc.call("Group.DestroyInstances", new DestroyInstancesParams(addressee, id, instanceIds), IdResult.class);
        }

        @Override
        public int size(String id) {
            return rpc.call("Group.Size", new IdParams(addressee, id), SizeResult.class).size();
        }

        @Override
        public void setSize(String id, int size) {
            rpc.call("Group.SetSize", new SetSizeParams(addressee, id, size), IdResult.class);
        }

        @Override
        public String toString() {
            return "GroupRpc.Client[" + addressee + " at " + rpc.describe() + "]";
        }
    }
}

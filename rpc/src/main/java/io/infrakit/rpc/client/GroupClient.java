package io.infrakit.rpc.client;

import io.infrakit.rpc.binding.GroupRpc;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;

import java.util.List;

/** A {@link GroupPlugin} behind a socket; every request carries {@code Name} = the plugin name addressed. */
public final class GroupClient implements GroupPlugin {

    private final RpcClient rpc;
    private final String name;

    public GroupClient(RpcClient rpc, String name) {
        this.rpc = rpc;
        this.name = name;
    }

    @Override
    public String commitGroup(GroupSpec spec, boolean pretend) {
        return rpc.call("Group.CommitGroup", new GroupRpc.CommitParams(name, spec, pretend), GroupRpc.CommitResult.class).details();
    }

    @Override
    public void freeGroup(String id) {
        rpc.call("Group.FreeGroup", new GroupRpc.IdParams(name, id), GroupRpc.IdResult.class);
    }

    @Override
    public GroupDescription describeGroup(String id) {
        return rpc.call("Group.DescribeGroup", new GroupRpc.IdParams(name, id), GroupRpc.DescribeResult.class).description();
    }

    @Override
    public void destroyGroup(String id) {
        rpc.call("Group.DestroyGroup", new GroupRpc.IdParams(name, id), GroupRpc.IdResult.class);
    }

    @Override
    public List<GroupSpec> inspectGroups() {
        List<GroupSpec> groups = rpc.call("Group.InspectGroups", new GroupRpc.IdParams(name, ""), GroupRpc.InspectResult.class).groups();
        return groups == null ? List.of() : groups;
    }

    @Override
    public void destroyInstances(String id, List<String> instanceIds) {
        rpc.call("Group.DestroyInstances", new GroupRpc.DestroyInstancesParams(name, id, instanceIds), GroupRpc.IdResult.class);
    }

    @Override
    public int size(String id) {
        return rpc.call("Group.Size", new GroupRpc.IdParams(name, id), GroupRpc.SizeResult.class).size();
    }

    @Override
    public void setSize(String id, int size) {
        rpc.call("Group.SetSize", new GroupRpc.SetSizeParams(name, id, size), GroupRpc.IdResult.class);
    }

    @Override
    public String toString() {
        return "GroupClient[" + name + " at " + rpc.socket() + "]";
    }
}

package io.infrakit.spi.group;

import java.util.List;

/** Group/0.1.1: a group controller owning groups of instances and converging each to its spec. */
public interface GroupPlugin {

    /**
     * Starts (or updates) managing a group. With {@code pretend} nothing changes. Returns human
     * text saying what it will do, in InfraKit's wording ("Managing 3 instances").
     */
    String commitGroup(GroupSpec spec, boolean pretend);

    /** Stops managing the group; its instances are left running. */
    void freeGroup(String id);

    /** The group's members and whether it has converged. */
    GroupDescription describeGroup(String id);

    /** Destroys every instance of the group and stops managing it. */
    void destroyGroup(String id);

    /** The specs of every managed group. */
    List<GroupSpec> inspectGroups();

    /** Destroys the given members; the group is left at its size minus their number. */
    void destroyInstances(String id, List<String> instanceIds);

    /** The group's target size. */
    int size(String id);

    /** Changes the group's target size (scale only: never a rolling update). */
    void setSize(String id, int size);
}

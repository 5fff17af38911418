package io.infrakit.core.manager;

import io.infrakit.core.spec.GroupSpecValidator;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Follower forwarding in one place: every call that acts goes to {@code local} while this manager
 * leads and to the leader's manager otherwise; reads of the (shared) store are answered here.
 * A commit is validated before it is forwarded, so a bad spec fails the same way on every manager
 * without a network hop.
 */
final class LeaderRouting implements GroupPlugin {

    private final GroupPlugin local;
    private final BooleanSupplier leading;
    private final Supplier<GroupPlugin> leader;
    private final GroupSpecValidator validator;

    LeaderRouting(GroupPlugin local, BooleanSupplier leading, Supplier<GroupPlugin> leader, GroupSpecValidator validator) {
        this.local = local;
        this.leading = leading;
        this.leader = leader;
        this.validator = validator;
    }

    private GroupPlugin target() {
        return leading.getAsBoolean() ? local : leader.get();
    }

    @Override
    public String commitGroup(GroupSpec spec, boolean pretend) {
        validator.validate(spec);
        return target().commitGroup(spec, pretend);
    }

    @Override
    public void freeGroup(String id) {
        target().freeGroup(requireId(id));
    }

    @Override
    public GroupDescription describeGroup(String id) {
        return target().describeGroup(requireId(id));
    }

    @Override
    public void destroyGroup(String id) {
        target().destroyGroup(requireId(id));
    }

    @Override
    public List<GroupSpec> inspectGroups() {
        return local.inspectGroups();
    }

    @Override
    public void destroyInstances(String id, List<String> instanceIds) {
        target().destroyInstances(requireId(id), instanceIds);
    }

    @Override
    public int size(String id) {
        return target().size(requireId(id));
    }

    @Override
    public void setSize(String id, int size) {
        requireId(id);
        if (size < 0) {
            throw new PluginException("size " + size + " for group '" + id + "' is negative: a size must be 0 or more");
        }
        target().setSize(id, size);
    }

    static String requireId(String id) {
        if (id == null || id.isBlank()) {
            throw new PluginException(GroupSpecValidator.BLANK_ID);
        }
        return id;
    }
}

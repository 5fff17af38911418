package io.infrakit.core.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.controller.Controller;
import io.infrakit.spi.controller.ControllerObject;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.controller.Metadata;
import io.infrakit.spi.controller.Operation;
import io.infrakit.spi.controller.Plan;
import io.infrakit.spi.controller.PlanResult;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * InfraKit's {@code Controller/0.1.1} (what {@code infrakit manager commit} speaks) over any
 * {@link GroupPlugin}: a {@code kind: group} object is a group spec, {@code Commit} is
 * {@code CommitGroup}, {@code Plan} is a pretend commit, {@code Describe} adds each group's
 * description. The spec goes through the same validator as every other commit (in the group plugin).
 */
public final class ControllerFacade implements Controller {

    public static final String KIND = "group";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GroupPlugin groups;

    public ControllerFacade(GroupPlugin groups) {
        this.groups = groups;
    }

    @Override
    public PlanResult plan(Operation operation, ControllerSpec spec) {
        GroupSpec g = toGroupSpec(spec);
        if (operation == Operation.DESTROY) {
            return new PlanResult(ControllerObject.of(spec, null), new Plan(List.of("Destroy group '" + g.id() + "' and its instances")));
        }
        String details = groups.commitGroup(g, true);
        return new PlanResult(ControllerObject.of(spec, null), new Plan(List.of(details)));
    }

    @Override
    public ControllerObject commit(Operation operation, ControllerSpec spec) {
        if (operation == Operation.DESTROY) {
            String id = spec == null ? null : spec.name();
            requireId(id);
            groups.destroyGroup(id);
            return ControllerObject.of(spec, null);
        }
        String details = groups.commitGroup(toGroupSpec(spec), false);
        ObjectNode state = JSON.createObjectNode().put("Details", details);
        return ControllerObject.of(spec, state);
    }

    @Override
    public List<ControllerObject> describe(Metadata search) {
        List<ControllerObject> out = new ArrayList<>();
        for (GroupSpec s : groups.inspectGroups()) {
            if (!Metadata.matches(search, s.id())) {
                continue;
            }
            JsonNode state;
            try {
                state = JSON.valueToTree(groups.describeGroup(s.id()));
            } catch (RuntimeException e) {
                state = JSON.createObjectNode().put("Error", e.getMessage());
            }
            out.add(ControllerObject.of(toControllerSpec(s), state));
        }
        return out;
    }

    @Override
    public List<ControllerSpec> specs(Metadata search) {
        return groups.inspectGroups().stream().filter(s -> Metadata.matches(search, s.id())).map(ControllerFacade::toControllerSpec).toList();
    }

    @Override
    public List<ControllerObject> free(Metadata search) {
        List<ControllerObject> out = new ArrayList<>();
        for (GroupSpec s : groups.inspectGroups()) {
            if (Metadata.matches(search, s.id())) {
                groups.freeGroup(s.id());
                out.add(ControllerObject.of(toControllerSpec(s), null));
            }
        }
        return out;
    }

    public static GroupSpec toGroupSpec(ControllerSpec spec) {
        if (spec == null) {
            throw new PluginException("Spec is missing: send {\"kind\":\"group\",\"metadata\":{\"name\":ID},\"properties\":{...}}");
        }
        if (spec.kind() != null && !spec.kind().isBlank() && !spec.kind().equals(KIND)) {
            throw new PluginException("kind '" + spec.kind() + "' is not served here: this manager serves kind '" + KIND + "'");
        }
        requireId(spec.name());
        return new GroupSpec(spec.name(), spec.properties());
    }

    public static ControllerSpec toControllerSpec(GroupSpec spec) {
        return new ControllerSpec(KIND, "", new Metadata(spec.id(), null), spec.properties(), null);
    }

    static void requireId(String id) {
        if (id == null || id.isBlank()) {
            throw new PluginException("Group ID must not be blank");
        }
    }
}

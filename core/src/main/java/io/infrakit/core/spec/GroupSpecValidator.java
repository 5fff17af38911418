package io.infrakit.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.infrakit.core.group.plan.GroupConfig;
import io.infrakit.core.group.plan.GroupPolicy;
import io.infrakit.spi.flavor.Allocation;
import io.infrakit.spi.group.GroupProperties;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.group.Updating;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one validator of group specs: turns a {@link GroupSpec} into the {@link GroupConfig} the
 * controller converges to, or throws {@link InvalidSpecException} with every problem, each naming
 * the field, its value and the fix. Every path runs it: spec files in the CLI, the manager and the
 * group controller ({@code Group.CommitGroup}, {@code Controller.Commit}), so a spec one path
 * refuses is refused by every path with the same words.
 */
public final class GroupSpecValidator {

    /** InfraKit's wording for a blank ID. */
    public static final String BLANK_ID = "Group ID must not be blank";

    /**
     * The fields each section knows; anything else is a typo that would otherwise be silently ignored.
     * Read from {@link GroupSchema}, the schema {@code infrakit explain group} shows, so the two never disagree.
     */
    private static final Map<String, List<String>> SECTIONS = GroupSchema.sections();

    // Lenient on purpose: unknown fields are reported by walking the tree (with suggestions), and a
    // missing Size is 0 (pets give LogicalIDs instead), which the Allocation rule below checks.
    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Validates a spec that arrived over RPC (or in code): errors read {@code group 'ID': Properties...}. */
    public GroupConfig validate(GroupSpec spec) {
        if (spec == null || spec.id() == null || spec.id().isBlank()) {
            throw new InvalidSpecException(BLANK_ID);
        }
        List<String> problems = new ArrayList<>();
        GroupConfig cfg = check("group '" + spec.id() + "'", "Properties", spec.id(), spec.properties(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return cfg;
    }

    /**
     * Checks one group, adding each problem (starting with {@code label}) to {@code problems}; the
     * config when there is none, else null. {@code base} names the properties in messages
     * ({@code Properties}, or {@code properties} for a {@code kind: group} file).
     */
    public GroupConfig check(String label, String base, String id, JsonNode props, List<String> problems) {
        List<String> mine = new ArrayList<>();
        checkId(id, mine);
        GroupConfig cfg = props == null || !props.isObject()
                ? missingProperties(base, props, mine)
                : checkProperties(id, base, props, mine);
        for (String p : mine) {
            problems.add(label + ": " + p);
        }
        return mine.isEmpty() ? cfg : null;
    }

    private static GroupConfig missingProperties(String base, JsonNode props, List<String> problems) {
        problems.add(base + " is " + JsonProblems.describe(props) + ": give the group's Instance, Flavor and"
                + " Allocation, e.g. {\"Instance\": {\"Plugin\": \"simulator/compute\", \"Properties\": {}}, \"Flavor\":"
                + " {\"Plugin\": \"vanilla\", \"Properties\": {}}, \"Allocation\": {\"Size\": 3}}");
        return null;
    }

    /** The group ID rule (the manager's, on every path): IDs name sockets, files and tags, so no space or '/'. */
    static void checkId(String id, List<String> problems) {
        if (id == null || id.isBlank()) {
            problems.add(BLANK_ID);
        } else if (!id.matches("[^\\s/]+")) {
            problems.add("group ID '" + id + "' has a space or '/': use letters, digits, '-', '_' or '.'");
        }
    }

    private GroupConfig checkProperties(String id, String base, JsonNode props, List<String> problems) {
        unknownFields(base, props, problems);
        GroupProperties gp;
        try {
            gp = mapper.treeToValue(props, GroupProperties.class);
        } catch (JsonProcessingException e) {
            problems.add(JsonProblems.wrongType(base, e, props));
            return null; // a wrong type makes the checks below meaningless
        } catch (IllegalArgumentException e) {
            problems.add(base + ": cannot be read: " + JsonProblems.firstLine(e.getMessage()));
            return null;
        }
        for (String section : List.of("Instance", "Flavor")) {
            var s = section.equals("Instance") ? gp.instance() : gp.flavor();
            if (s == null || s.plugin() == null || s.plugin().isBlank()) {
                String example = section.equals("Instance") ? "simulator/compute" : "vanilla";
                problems.add(base + "." + section + ".Plugin is missing: name the " + section.toLowerCase(java.util.Locale.ROOT) + " plugin, e.g. " + example);
            }
        }
        Allocation alloc = gp.allocation();
        JsonNode allocNode = props.get("Allocation");
        if (alloc == null) {
            problems.add(base + ".Allocation is missing: set Allocation.Size (a number of instances, e.g. Size: 3)"
                    + " or Allocation.LogicalIDs (one instance per name, e.g. LogicalIDs: [db-1, db-2])");
            return null;
        }
        checkAllocation(base, alloc, allocNode, problems);
        Updating updating = gp.updating() == null ? Updating.DEFAULT : gp.updating();
        gp = new GroupProperties(gp.instance(), gp.flavor(), alloc, updating, gp.policy());
        GroupPolicy policy = new PolicyResolver(base, problems).resolve(gp, alloc.isQuorum(), alloc.desired());
        if (!problems.isEmpty()) {
            return null;
        }
        return new GroupConfig(id, gp, policy, ConfigHash.of(gp.instance(), gp.flavor()));
    }

    /** Size for cattle, LogicalIDs for pets: one of them (a Size of 0 beside LogicalIDs is InfraKit's echo of pets). */
    private static void checkAllocation(String base, Allocation alloc, JsonNode node, List<String> problems) {
        boolean hasSize = node.hasNonNull("Size");
        List<String> lids = alloc.logicalIds();
        boolean hasIds = lids != null && !lids.isEmpty();
        if (!hasSize && !hasIds) {
            problems.add(base + ".Allocation has neither Size nor LogicalIDs: set Size for a number of"
                    + " interchangeable instances (e.g. Size: 3) or LogicalIDs for one instance per name"
                    + " (e.g. LogicalIDs: [db-1, db-2])");
            return;
        }
        if (alloc.size() < 0) {
            problems.add(base + ".Allocation.Size is " + alloc.size() + ": a size must be 0 or more");
        }
        if (hasIds && alloc.size() != 0) {
            problems.add(base + ".Allocation has both Size (" + alloc.size() + ") and LogicalIDs (" + lids + "): set"
                    + " Size for interchangeable instances or LogicalIDs for named ones, not both");
        }
        if (hasIds) {
            Set<String> seen = new HashSet<>();
            for (String lid : lids) {
                if (lid == null || lid.isBlank()) {
                    problems.add(base + ".Allocation.LogicalIDs has a blank entry: every logical ID needs a name");
                } else if (!seen.add(lid)) {
                    problems.add(base + ".Allocation.LogicalIDs lists '" + lid + "' twice: logical IDs must be unique");
                }
            }
        }
    }

    /** Reports fields no section knows, with the nearest known name; plugin Properties are the plugins' to check. */
    private static void unknownFields(String base, JsonNode props, List<String> problems) {
        for (Map.Entry<String, List<String>> section : SECTIONS.entrySet()) {
            String name = section.getKey();
            JsonNode node = name.isEmpty() ? props : props.get(name);
            if (node == null || !node.isObject()) {
                continue;
            }
            String prefix = base + "." + (name.isEmpty() ? "" : name + ".");
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                List<String> known = section.getValue();
                if (known.contains(f)) {
                    continue;
                }
                String hint = JsonProblems.suggest(f, known);
                String suggestion = hint == null ? "" : ": did you mean " + hint + "?";
                problems.add(name.equals("Policy")
                        ? prefix + f + " is not a known policy field" + suggestion + " (known fields: " + String.join(", ", known) + ")"
                        : "unknown field " + prefix + f + suggestion + " (known here: " + String.join(", ", known) + ")");
            }
        }
    }
}

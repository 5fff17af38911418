package io.infrakit.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
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
     * A holder class: reading the schema (by reflection) waits for the first validation or {@link #prepare()},
     * not for the first validator made, which a daemon makes while its sockets are not yet answering.
     */
    private static final class Sections {
        static final Map<String, List<String>> KNOWN = GroupSchema.sections();
    }

    /**
     * Reads the schema and builds the deserializers of a group's properties now: a daemon calls this once its sockets
     * answer, so that its first commit need not. Building them (Jackson introspecting every record of the spec, the
     * JDK parsing their annotations) was about 40 ms of the first commit, serial, before any instance was asked for;
     * done here, the first group of 1,000 converged 30 ms sooner and an idle daemon holds the same memory (16 runs
     * each, 4 idle starts each; docs/performance.md, "Fifth pass"). Checking a whole sample group here instead was
     * measured earlier: 4.5 MiB more at rest (its garbage touched more of the young generation).
     */
    public static void prepare() {
        Sections.KNOWN.size();
        Mapper.SHARED.readerFor(GroupProperties.class); // the reader is dropped; the mapper keeps what it built
    }

    // Lenient on purpose: unknown fields are reported by walking the tree (with suggestions), and a
    // missing Size is 0 (pets give LogicalIDs instead), which the Allocation rule below checks.
    // Strict on types: a number is a number ("5", 5.5 and 1e9 are not a Size), so what plan shows
    // is what apply stores; Jackson's quiet coercions are all off.
    // One mapper for every validator (configured once, never changed; Jackson's mappers are safe to share), so the
    // deserializers it builds on first use serve every validator of the process.
    private static final class Mapper {
        static final ObjectMapper SHARED = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
    }

    private final ObjectMapper mapper = Mapper.SHARED;

    /** The default ceiling on Size and on the number of LogicalIDs. */
    public static final int DEFAULT_MAX_SIZE = 10_000;
    /** The environment variable that raises (or lowers) the ceiling, read by the CLI and the daemon alike. */
    public static final String MAX_SIZE_ENV = "INFRAKIT_MAX_SIZE";

    private final int maxSize;

    /** A validator with the ceiling from {@value #MAX_SIZE_ENV}, else {@value #DEFAULT_MAX_SIZE}. */
    public GroupSpecValidator() {
        this(maxSize(System.getenv(MAX_SIZE_ENV)));
    }

    /** A validator refusing a Size or a LogicalIDs list above {@code maxSize}. */
    public GroupSpecValidator(int maxSize) {
        this.maxSize = maxSize;
    }

    /** The ceiling an {@value #MAX_SIZE_ENV} value gives: a positive whole number, else the default. */
    public static int maxSize(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX_SIZE;
        }
        try {
            int v = Integer.parseInt(value.trim());
            return v > 0 ? v : DEFAULT_MAX_SIZE;
        } catch (NumberFormatException e) {
            return DEFAULT_MAX_SIZE;
        }
    }

    public int maxSize() {
        return maxSize;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Validates a spec that arrived over RPC (or in code): errors read {@code group 'ID': Properties...}. */
    public GroupConfig validate(GroupSpec spec) {
        if (spec == null || spec.id() == null || spec.id().isBlank()) {
            throw new InvalidSpecException(BLANK_ID);
        }
        List<String> problems = new ArrayList<>();
        GroupConfig cfg = check("group '" + shownId(spec.id()) + "'", "Properties", spec.id(), spec.properties(), problems);
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

    /** What a group ID may be: IDs name sockets, files and tags, so a short plain name. */
    public static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /** The group ID rule (the manager's, on every path). */
    static void checkId(String id, List<String> problems) {
        if (id == null || id.isBlank()) {
            problems.add(BLANK_ID);
        } else if (!ID.matcher(id).matches()) {
            problems.add("group ID '" + shownId(id) + "' is not a plain name: use 1 to 63 letters, digits, '.', '_'"
                    + " or '-', starting with a letter or digit (e.g. workers-2)");
        }
    }

    /** An ID as messages show it: control characters escaped, at most 70 characters. */
    static String shownId(String id) {
        StringBuilder b = new StringBuilder();
        for (char c : id.toCharArray()) {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.length() > 70 ? b.substring(0, 67) + "..." : b.toString();
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
    private void checkAllocation(String base, Allocation alloc, JsonNode node, List<String> problems) {
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
        if (alloc.size() > maxSize) {
            problems.add(base + ".Allocation.Size is " + alloc.size() + ", above the ceiling of " + maxSize + " instances"
                    + " per group: use a smaller Size, or raise the ceiling with " + MAX_SIZE_ENV + "=N in the environment"
                    + " of the CLI and the daemon (or --allow-large on the command and --opt manager.max-size=N on the daemon)");
        }
        if (hasIds && lids.size() > maxSize) {
            problems.add(base + ".Allocation.LogicalIDs has " + lids.size() + " names, above the ceiling of " + maxSize
                    + " instances per group: use fewer, or raise the ceiling with " + MAX_SIZE_ENV + "=N in the environment"
                    + " of the CLI and the daemon (or --allow-large on the command and --opt manager.max-size=N on the daemon)");
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

    /** Unknown fields of one element of a list of objects ({@code Policy.Hooks[0].Ur1}). */
    private static void unknownIn(String prefix, JsonNode node, List<String> known, boolean policy, List<String> problems) {
        if (node == null || !node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                String hint = JsonProblems.suggest(f, known);
                problems.add(prefix + f + " is not a known " + (policy ? "policy " : "") + "field"
                        + (hint == null ? "" : ": did you mean " + hint + "?") + " (known fields: " + String.join(", ", known) + ")");
            }
        }
    }

    /** Reports fields no section knows, with the nearest known name; plugin Properties are the plugins' to check. */
    private static void unknownFields(String base, JsonNode props, List<String> problems) {
        for (Map.Entry<String, List<String>> section : Sections.KNOWN.entrySet()) {
            String name = section.getKey();
            boolean list = name.endsWith("[]");
            String path = list ? name.substring(0, name.length() - 2) : name;
            JsonNode node = props;
            if (!path.isEmpty()) {
                for (String part : path.split("\\.")) {
                    node = node == null ? null : node.get(part);
                }
            }
            if (list && node != null && node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    unknownIn(base + "." + path + "[" + i + "].", node.get(i), section.getValue(), true, problems);
                }
                continue;
            }
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
                problems.add(name.startsWith("Policy")
                        ? prefix + f + " is not a known policy field" + suggestion + " (known fields: " + String.join(", ", known) + ")"
                        : "unknown field " + prefix + f + suggestion + " (known here: " + String.join(", ", known) + ")");
            }
        }
    }
}

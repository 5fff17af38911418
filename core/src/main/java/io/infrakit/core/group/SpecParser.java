package io.infrakit.core.group;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.infrakit.spi.GoDuration;
import io.infrakit.spi.flavor.Allocation;
import io.infrakit.spi.group.GroupProperties;
import io.infrakit.spi.group.GroupSpec;
import io.infrakit.spi.group.Policy;
import io.infrakit.spi.group.Updating;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a committed {@link GroupSpec} into a {@link GroupConfig}, or says precisely what is wrong.
 * Unknown sections are ignored as InfraKit ignores them, except inside our own {@code Policy}
 * section, where a typo would silently change safety limits.
 */
public final class SpecParser {

    /** InfraKit's wording for a blank ID. */
    public static final String BLANK_ID = "Group ID must not be blank";

    static final List<String> POLICY_FIELDS = List.of("MaxSurge", "MaxUnavailable", "HealthyTimeout",
            "UnhealthyGrace", "MaxUnhealthy", "MaxInstances", "PollInterval", "ProvisionTimeout");

    private final ObjectMapper mapper;

    public SpecParser() {
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public GroupConfig parse(GroupSpec spec) {
        if (spec == null || spec.id() == null || spec.id().isBlank()) {
            throw new InvalidSpecException(BLANK_ID);
        }
        String id = spec.id();
        JsonNode props = spec.properties();
        if (props == null || props.isNull() || props.isMissingNode()) {
            throw new InvalidSpecException("group '" + id + "': Properties is missing; give it Instance, Flavor and"
                    + " Allocation sections, e.g. {\"Instance\":{\"Plugin\":\"simulator/compute\",\"Properties\":{}},"
                    + " \"Flavor\":{\"Plugin\":\"vanilla\",\"Properties\":{}}, \"Allocation\":{\"Size\":3}}");
        }
        if (!props.isObject()) {
            throw new InvalidSpecException("group '" + id + "': Properties must be an object, not " + props);
        }
        List<String> problems = new ArrayList<>();
        JsonNode policyNode = props.get("Policy");
        if (policyNode != null && !policyNode.isNull()) {
            if (!policyNode.isObject()) {
                problems.add("Policy must be an object like {\"MaxSurge\":1}, not " + policyNode);
            } else {
                for (Iterator<String> it = policyNode.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (!POLICY_FIELDS.contains(f)) {
                        problems.add("Policy." + f + " is not a known policy field; known fields: "
                                + String.join(", ", POLICY_FIELDS));
                    }
                }
            }
        }
        GroupProperties gp;
        try {
            gp = mapper.treeToValue(props, GroupProperties.class);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            problems.add((path.isEmpty() ? "Properties" : path) + ": " + e.getOriginalMessage()
                    .replaceAll(" at \\[Source.*", "").split("\n")[0]
                    + "; check the type of this field");
            throw failure(id, problems);
        } catch (Exception e) {
            problems.add("Properties cannot be read: " + e.getMessage());
            throw failure(id, problems);
        }
        // Normalise to InfraKit's echo: Allocation and Updating always present.
        Allocation alloc = gp.allocation() == null ? new Allocation(0, null) : gp.allocation();
        Updating updating = gp.updating() == null ? Updating.DEFAULT : gp.updating();
        gp = new GroupProperties(gp.instance(), gp.flavor(), alloc, updating, gp.policy());

        if (gp.instance() == null || gp.instance().plugin() == null || gp.instance().plugin().isBlank()) {
            problems.add("Instance.Plugin is missing; name the instance plugin, e.g. \"Instance\": {\"Plugin\":"
                    + " \"simulator/compute\", \"Properties\": {...}}");
        }
        if (gp.flavor() == null || gp.flavor().plugin() == null || gp.flavor().plugin().isBlank()) {
            problems.add("Flavor.Plugin is missing; name the flavor plugin, e.g. \"Flavor\": {\"Plugin\": \"vanilla\","
                    + " \"Properties\": {...}}");
        }
        if (alloc.size() < 0) {
            problems.add("Allocation.Size " + alloc.size() + " is negative; use 0 or more");
        }
        List<String> lids = alloc.logicalIds();
        if (lids != null && !lids.isEmpty()) {
            if (alloc.size() != 0) {
                problems.add("Allocation has both Size (" + alloc.size() + ") and LogicalIDs (" + lids + "); use Size"
                        + " for a group of identical instances or LogicalIDs for one instance per ID, not both");
            }
            Set<String> seen = new HashSet<>();
            for (String lid : lids) {
                if (lid == null || lid.isBlank()) {
                    problems.add("Allocation.LogicalIDs holds a blank ID; every logical ID needs a name");
                } else if (!seen.add(lid)) {
                    problems.add("Allocation.LogicalIDs lists '" + lid + "' twice; each logical ID has one instance");
                }
            }
        }
        boolean quorum = alloc.isQuorum();
        GroupPolicy policy = resolvePolicy(gp, quorum, alloc.desired(), problems);
        if (!problems.isEmpty()) {
            throw failure(id, problems);
        }
        return new GroupConfig(id, gp, policy, ConfigHash.of(gp.instance(), gp.flavor()));
    }

    private static InvalidSpecException failure(String id, List<String> problems) {
        List<String> prefixed = new ArrayList<>();
        for (String p : problems) {
            prefixed.add("group '" + id + "': " + p);
        }
        return new InvalidSpecException(prefixed);
    }

    private GroupPolicy resolvePolicy(GroupProperties gp, boolean quorum, int desired, List<String> problems) {
        GroupPolicy d = GroupPolicy.defaults(quorum);
        Updating u = gp.updating();
        Duration healthyDuration = duration("Updating.Duration", u.duration(), Duration.ZERO, problems);
        if (u.count() < 0) {
            problems.add("Updating.Count " + u.count() + " is negative; use 0 or more healthy polls");
        }
        if (u.count() > 0 && healthyDuration.compareTo(Duration.ZERO) > 0) {
            problems.add("Updating has both Duration (" + u.duration() + ") and Count (" + u.count() + "); InfraKit"
                    + " allows one of them: keep Duration or Count");
        }
        String skip = u.skipBeforeInstanceDestroy();
        if (skip != null && !skip.isEmpty() && !skip.equals("drain")) {
            problems.add("Updating.SkipBeforeInstanceDestroy '" + skip + "' is not known; the only value is \"drain\"");
        }
        boolean drain = !"drain".equals(skip);

        Policy p = gp.policy() == null ? Policy.DEFAULTS : gp.policy();
        int maxSurge = p.maxSurge() == null ? d.maxSurge() : p.maxSurge();
        int maxUnavailable = p.maxUnavailable() == null ? d.maxUnavailable() : p.maxUnavailable();
        if (maxSurge < 0) {
            problems.add("Policy.MaxSurge " + maxSurge + " is negative; use 0 or more");
        }
        if (maxUnavailable < 0) {
            problems.add("Policy.MaxUnavailable " + maxUnavailable + " is negative; use 0 or more");
        }
        if (quorum && maxSurge > 0) {
            problems.add("Policy.MaxSurge " + maxSurge + " cannot be used with Allocation.LogicalIDs (one instance per"
                    + " logical ID); remove it or set 0, and use MaxUnavailable to pace the update");
        }
        Integer cap = p.maxInstances();
        if (cap != null && cap < 1) {
            problems.add("Policy.MaxInstances " + cap + " must be at least 1; remove it for no cap");
        } else if (cap != null && cap < desired) {
            problems.add("Policy.MaxInstances " + cap + " is below the group size " + desired
                    + "; raise Policy.MaxInstances or lower the size");
        }
        int effectiveSurge = cap == null ? maxSurge : Math.min(maxSurge, Math.max(0, cap - desired));
        if (maxSurge >= 0 && maxUnavailable >= 0 && effectiveSurge == 0 && maxUnavailable == 0) {
            problems.add("Policy.MaxSurge " + maxSurge + " and Policy.MaxUnavailable 0" + (cap != null && maxSurge > 0
                    ? " with Policy.MaxInstances " + cap : "") + " leave no room to replace a member during a rolling"
                    + " update; allow MaxSurge 1 or MaxUnavailable 1");
        }
        Duration healthyTimeout = positive("Policy.HealthyTimeout", p.healthyTimeout(), d.healthyTimeout(), problems);
        Duration grace = duration("Policy.UnhealthyGrace", p.unhealthyGrace(), d.unhealthyGrace(), problems);
        Duration poll = p.pollInterval() == null ? null
                : duration("Policy.PollInterval", p.pollInterval(), Duration.ofSeconds(10), problems);
        if (poll != null && poll.compareTo(Duration.ofMillis(10)) < 0) {
            problems.add("Policy.PollInterval " + p.pollInterval() + " is too short; use 10ms or more (e.g. 10s)");
        }
        Duration provisionTimeout = positive("Policy.ProvisionTimeout", p.provisionTimeout(), d.provisionTimeout(),
                problems);
        GroupPolicy.Threshold maxUnhealthy = threshold(p.maxUnhealthy(), d.maxUnhealthy(), problems);
        return new GroupPolicy(maxSurge, maxUnavailable, healthyTimeout, grace, maxUnhealthy,
                cap == null ? 0 : cap, poll, provisionTimeout, Math.max(0, u.count()), healthyDuration, drain);
    }

    private static Duration duration(String field, String text, Duration dflt, List<String> problems) {
        if (text == null) {
            return dflt;
        }
        try {
            Duration d = GoDuration.parse(text);
            if (d.isNegative()) {
                problems.add(field + " '" + text + "' is negative; use a positive duration like 30s");
                return dflt;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(field + ": " + e.getMessage());
            return dflt;
        }
    }

    private static Duration positive(String field, String text, Duration dflt, List<String> problems) {
        Duration d = duration(field, text, dflt, problems);
        if (text != null && d.isZero()) {
            problems.add(field + " '" + text + "' must be more than 0, e.g. 10m");
            return dflt;
        }
        return d;
    }

    private static GroupPolicy.Threshold threshold(String text, GroupPolicy.Threshold dflt, List<String> problems) {
        if (text == null) {
            return dflt;
        }
        String t = text.trim();
        try {
            if (t.endsWith("%")) {
                int v = Integer.parseInt(t.substring(0, t.length() - 1).trim());
                if (v < 0 || v > 100) {
                    throw new NumberFormatException();
                }
                return new GroupPolicy.Threshold(v, true);
            }
            int v = Integer.parseInt(t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return new GroupPolicy.Threshold(v, false);
        } catch (NumberFormatException e) {
            problems.add("Policy.MaxUnhealthy '" + text + "' is neither a count (e.g. 3) nor a percentage from 0% to"
                    + " 100% (e.g. 40%)");
            return dflt;
        }
    }
}

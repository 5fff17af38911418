package io.infrakit.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.Tags;
import io.infrakit.spi.group.GroupSpec;

import java.util.HashMap;
import java.util.Map;

/**
 * One group's counts as the CLI shows them. Read from the group controller's optional
 * {@code Status} when it sends one; otherwise estimated from the members (InfraKit's shape).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"ID", "Status", "Desired", "Running", "Provisioning", "Healthy", "Updating", "Converged", "Instance", "Flavor",
        "Message", "Error"})
record GroupView(@JsonProperty("ID") String id,
                 @JsonProperty("Desired") int desired,
                 @JsonProperty("Running") int running,
                 @JsonProperty("Provisioning") int provisioning,
                 @JsonProperty("Healthy") Integer healthy,
                 @JsonProperty("Updating") int updating,
                 @JsonProperty("Converged") boolean converged,
                 @JsonProperty("Instance") String instancePlugin,
                 @JsonProperty("Flavor") String flavorPlugin,
                 @JsonProperty("Message") String message,
                 /** Converged, Updating, Paused, Scaling, Converging, Unreachable when the group could not be read, Damaged when its stored spec cannot be trusted. */
                 @JsonProperty("Status") String status,
                 /** Why the group could not be read (its plugin is not running, ...), or null. */
                 @JsonProperty("Error") String error) {

    static final String UNREACHABLE = "Unreachable";
    static final String DAMAGED = "Damaged";

    /** A group whose newest stored version cannot be trusted: not run until someone restores it. */
    static GroupView damaged(io.infrakit.core.manager.ManagerApi.Damage d) {
        return new GroupView(d.group(), 0, 0, 0, null, 0, false, null, null, null, DAMAGED,
                (d.file() == null ? "" : d.file() + " (version " + d.version() + ") cannot be trusted: ") + d.reason() + "; " + d.fix());
    }

    /** A group whose description could not be read: its spec's numbers, and why. */
    static GroupView unreachable(GroupSpec spec, String why) {
        JsonNode props = spec.properties();
        JsonNode alloc = props == null ? null : props.path("Allocation");
        int desired = alloc == null ? 0 : alloc.path("LogicalIDs").isArray() && !alloc.path("LogicalIDs").isEmpty()
                ? alloc.path("LogicalIDs").size() : alloc.path("Size").asInt(0);
        return new GroupView(spec.id(), desired, 0, 0, null, 0, false,
                props == null ? null : props.path("Instance").path("Plugin").asText(null),
                props == null ? null : props.path("Flavor").path("Plugin").asText(null), null, UNREACHABLE, why);
    }

    /** The plugin names (socket names) the group's Instance and Flavor sections name. */
    static java.util.List<String> plugins(GroupSpec spec) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String section : java.util.List.of("Instance", "Flavor")) {
            String plugin = spec.properties() == null ? "" : spec.properties().path(section).path("Plugin").asText("");
            if (!plugin.isBlank()) {
                String lookup = io.infrakit.rpc.PluginName.parse(plugin).lookup();
                if (!names.contains(lookup)) {
                    names.add(lookup);
                }
            }
        }
        return names;
    }

    boolean reachable() {
        return error == null;
    }

    private static String status(int desired, int running, int updating, boolean converged, String paused) {
        if (paused != null) {
            return "Paused";
        }
        if (converged && running == desired && updating == 0) {
            return "Converged";
        }
        if (updating > 0) {
            return "Updating";
        }
        return running != desired ? "Scaling" : "Converging";
    }

    /**
     * {@link #of(GroupSpec, JsonNode)} from the typed description (in the daemon, for a thin client): the
     * same view without turning 1,000 members into a JSON tree just to count them.
     */
    static GroupView of(GroupSpec spec, io.infrakit.spi.group.GroupDescription description) {
        Wanted w = Wanted.of(spec);
        java.util.List<io.infrakit.spi.instance.InstanceDescription> members =
                description.instances() == null ? java.util.List.of() : description.instances();
        int running = members.size();
        boolean converged = description.converged();
        io.infrakit.spi.group.GroupStatus status = description.status();
        if (status != null) {
            String msg = firstNonBlank(status.updatePaused(), status.remediationStopped(), status.lastError(), status.message());
            String paused = firstNonBlank(status.updatePaused());
            int d = status.desired();
            int r = status.running();
            int u = status.outdated();
            boolean c = status.converged();
            return new GroupView(spec.id(), d, r, status.provisioning(), status.healthy(), u,
                    c, w.instance(), w.flavor(), msg, status(d, r, u, c, paused), null);
        }
        Map<String, Integer> hashes = new HashMap<>();
        for (io.infrakit.spi.instance.InstanceDescription m : members) {
            String hash = m == null ? null : m.tag(Tags.CONFIG_HASH);
            hashes.merge(hash == null ? "" : hash, 1, Integer::sum);
        }
        return byConfigHash(spec.id(), w, running, converged, hashes);
    }

    static GroupView of(GroupSpec spec, JsonNode description) {
        Wanted w = Wanted.of(spec);
        JsonNode members = description.path("Instances");
        int running = members.isArray() ? members.size() : 0;
        boolean converged = description.path("Converged").asBoolean(false);
        JsonNode status = description.get("Status");
        if (status != null && status.isObject()) {
            String msg = firstNonBlank(status.path("UpdatePaused").asText(null), status.path("RemediationStopped").asText(null),
                    status.path("LastError").asText(null), status.path("Message").asText(null));
            String paused = firstNonBlank(status.path("UpdatePaused").asText(null));
            int d = status.path("Desired").asInt(w.desired());
            int r = status.path("Running").asInt(running);
            int u = status.path("Outdated").asInt(0);
            boolean c = status.path("Converged").asBoolean(converged);
            return new GroupView(spec.id(), d, r, status.path("Provisioning").asInt(0), status.path("Healthy").asInt(0), u,
                    c, w.instance(), w.flavor(), msg, status(d, r, u, c, paused), null);
        }
        // No status: count members whose config hash is not the most common one as updating.
        Map<String, Integer> hashes = new HashMap<>();
        for (JsonNode m : members) {
            hashes.merge(m.path("Tags").path(Tags.CONFIG_HASH).asText(""), 1, Integer::sum);
        }
        return byConfigHash(spec.id(), w, running, converged, hashes);
    }

    /** What the spec asks for: the desired count (Size, or one per LogicalID) and the plugins it names. */
    private record Wanted(int desired, String instance, String flavor) {
        static Wanted of(GroupSpec spec) {
            JsonNode props = spec.properties();
            JsonNode alloc = props == null ? null : props.path("Allocation");
            int desired = alloc == null ? 0 : alloc.path("LogicalIDs").isArray() && !alloc.path("LogicalIDs").isEmpty()
                    ? alloc.path("LogicalIDs").size() : alloc.path("Size").asInt(0);
            String instance = props == null ? null : props.path("Instance").path("Plugin").asText(null);
            String flavor = props == null ? null : props.path("Flavor").path("Plugin").asText(null);
            return new Wanted(desired, instance, flavor);
        }
    }

    /** A group without a status: members whose config hash is not the most common one count as updating. */
    private static GroupView byConfigHash(String id, Wanted w, int running, boolean converged, Map<String, Integer> hashes) {
        int majority = hashes.values().stream().max(Integer::compare).orElse(0);
        return new GroupView(id, w.desired(), running, 0, null, running - majority, converged, w.instance(), w.flavor(), null,
                status(w.desired(), running, running - majority, converged, null), null);
    }

    String healthyText() {
        return healthy == null ? "-" : String.valueOf(healthy);
    }

    /** One progress line: {@code workers: desired 5, running 3, healthy 2, updating 0}. */
    String progressLine() {
        return id + ": desired " + desired + ", running " + running
                + (provisioning > 0 ? " (+" + provisioning + " provisioning)" : "") + ", healthy " + healthyText() + ", updating " + updating
                + (converged ? " (converged)" : "") + (message == null ? "" : " - " + message);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank() && !v.equals("null")) {
                return v;
            }
        }
        return null;
    }
}

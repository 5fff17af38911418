package io.infrakit.core.spec;

import io.infrakit.spi.group.GroupProperties;
import io.infrakit.spi.schema.Field;
import io.infrakit.spi.schema.RecordSchema;
import io.infrakit.spi.schema.RecordSchema.Doc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of a group spec's properties, for {@code infrakit explain group...}. Names and types
 * are read from {@link GroupProperties} and the records inside it, which are what the validator
 * binds a spec to (wrong types are refused there), and {@link GroupSpecValidator} takes its list of
 * known fields per section from {@link #sections()}; this class only adds the words.
 * {@code GroupSchemaTest} fails when a field has no words, when words name no field, and when the
 * validator's known fields or type checks differ from the schema at any level.
 */
public final class GroupSchema {

    private GroupSchema() {
    }

    static final Map<String, Doc> DOCS = docs();

    /** The whole tree, named {@code group}. */
    public static Field group() {
        return RecordSchema.of("group", GroupProperties.class, Doc.required(
                "A group of instances kept matching this spec. The document is `kind: group`, `metadata.name: ID` and"
                        + " `properties:` holding the fields below (InfraKit's older shape: `ID` and `Properties`)."), DOCS);
    }

    /**
     * The known field names of the properties ({@code ""}) and of each section in them
     * ({@code Allocation}, {@code Policy}, ...), in declaration order: what {@link GroupSpecValidator}
     * refuses anything else against.
     */
    static Map<String, java.util.List<String>> sections() {
        Field group = group();
        Map<String, java.util.List<String>> sections = new LinkedHashMap<>();
        sections.put("", group.childNames());
        addSections("", group, sections);
        return java.util.Collections.unmodifiableMap(sections);
    }

    /** Every object below {@code parent}, by dotted path ({@code Policy.Update.Canary}), with its field names. */
    private static void addSections(String prefix, Field parent, Map<String, java.util.List<String>> sections) {
        for (Field section : parent.children()) {
            if (!section.children().isEmpty() && section.type().equals("object")) {
                sections.put(prefix + section.name(), section.childNames());
                addSections(prefix + section.name() + ".", section, sections);
            } else if (!section.children().isEmpty() && section.type().equals("list of object")) {
                // Each element of the list is checked: "Policy.Hooks[]".
                sections.put(prefix + section.name() + "[]", section.childNames());
            }
        }
    }

    private static Map<String, Doc> docs() {
        Map<String, Doc> d = new LinkedHashMap<>();
        d.put("Instance", Doc.required("The instance plugin that creates members, and its own properties."));
        d.put("Instance.Plugin", Doc.required("Plugin name, SOCKET/OBJECT, e.g. simulator/compute, docker, libvirt"
                + " (infrakit plugin ls lists the running ones)."));
        d.put("Instance.Properties", Doc.of("The instance plugin's own properties, passed to its Validate and Provision;"
                + " `infrakit explain KIND` shows a built-in plugin's. Part of the config hash: a change is a rolling update."));
        d.put("Flavor", Doc.required("The flavor plugin that prepares each member (Init, tags) and judges its health."));
        d.put("Flavor.Plugin", Doc.required("Plugin name, e.g. vanilla."));
        d.put("Flavor.Properties", Doc.of("The flavor's own properties (`infrakit explain vanilla`). Part of the config hash:"
                + " a change is a rolling update."));
        d.put("Allocation", Doc.required("How many members: Size for interchangeable ones, or LogicalIDs for one member"
                + " per name; not both."));
        d.put("Allocation.Size", Doc.withDefault("0", "Number of interchangeable members (cattle); 0 or more."
                + " `infrakit scale GROUP N` changes it without a rolling update."));
        d.put("Allocation.LogicalIDs", Doc.of("One member per name (pets); the name is passed to Provision and tagged"
                + " infrakit.logical_id. Unique, not blank."));
        d.put("Updating", Doc.of("InfraKit's rolling-update pace: Duration or Count, not both."));
        d.put("Updating.Duration", Doc.withDefault("0s", "A new member must be healthy this long before the next one is"
                + " replaced (Go duration: 30s, 10m)."));
        d.put("Updating.Count", Doc.withDefault("0", "A new member must be healthy this many polls in a row before the next"
                + " one is replaced; 0 or more."));
        d.put("Updating.SkipBeforeInstanceDestroy", Doc.of("`drain` skips the flavor's Drain before a member is destroyed."));
        d.put("Policy", Doc.of("Our own optional policies (InfraKit clients ignore the section); every field has a default."));
        d.put("Policy.MaxSurge", Doc.withDefault("1 (0 with LogicalIDs)", "Members allowed above the size during a rolling update."));
        d.put("Policy.MaxUnavailable", Doc.withDefault("0 (1 with LogicalIDs)",
                "Members allowed below the size (not healthy) during a rolling update."));
        d.put("Policy.HealthyTimeout", Doc.withDefault("10m", "New members of a rolling update must turn healthy within"
                + " this, or the update pauses."));
        d.put("Policy.UnhealthyGrace", Doc.withDefault("2m", "A member unhealthy this long is replaced."));
        d.put("Policy.MaxUnhealthy", Doc.withDefault("40%", "A count (3) or a share of the size (40%); above it,"
                + " unhealthy members are no longer replaced."));
        d.put("Policy.MaxInstances", Doc.withDefault("none", "Hard cap on members plus provisions in flight."));
        d.put("Policy.PollInterval", Doc.withDefault("the controller's (10s)", "How often the group is observed."));
        d.put("Policy.ProvisionTimeout", Doc.withDefault("10m", "A provisioned instance not visible by then is written off."));
        d.put("Policy.Autoscale", Doc.of("Size on demand: {Query (PromQL), Target (per member), Min, Max, MaxStep,"
                + " ScaleOutCooldown, ScaleInCooldown, Interval, Prometheus, Schedules}, carried out by the autoscale"
                + " plugin (docs/traffic.md); the group controller ignores it."));
        d.put("Policy.Update", Doc.of("How a config change rolls through the group: in phases (Checkpoints), with a bake"
                + " time, a canary held until `infrakit group promote`, and automatic rollback. Default: one rolling update."));
        d.put("Policy.Update.Checkpoints", Doc.of("Ascending percentages of the group, e.g. [10, 50, 100]: the update stops"
                + " at each until its new members are baked; 100 is implied at the end."));
        d.put("Policy.Update.CheckpointDelay", Doc.withDefault("0s", "Extra wait at each checkpoint once its members are baked."));
        d.put("Policy.Update.BakeTime", Doc.withDefault("0s", "New members must stay healthy this long before a checkpoint"
                + " (or, without checkpoints, the next batch) is passed."));
        d.put("Policy.Update.AutoRollback", Doc.withDefault("false", "When new members do not turn healthy within"
                + " HealthyTimeout, the previous stored version is committed by itself, the reason recorded. A rollback is"
                + " never rolled back: it pauses instead."));
        d.put("Policy.Update.Canary", Doc.of("Keep a few members on a new config until `infrakit group promote ID`"
                + " (or `abort`, which commits the previous version)."));
        d.put("Policy.Update.Canary.Size", Doc.required("Members on the new config while the canary waits; 1 up to the size."));
        d.put("Policy.ScaleDown", Doc.withDefault("OldestConfigFirst", "Which member leaves first when the group shrinks:"
                + " OldestConfigFirst (outdated, then unhealthy, then newest), OldestFirst, NewestFirst, Balanced (evens out"
                + " the infrakit.zone tag). Protected and standby members never leave."));
        d.put("Policy.HealthCheck", Doc.of("A check the controller runs on every member beside the flavor's verdict (a member"
                + " is healthy when both say so): Http, Tcp, Exec, or several (each must pass). Checks of many members are spread"
                + " over Interval."));
        d.put("Policy.HealthCheck.Http", Doc.of("An HTTP GET to the member's address."));
        d.put("Policy.HealthCheck.Http.Port", Doc.required("Port, 1 to 65535."));
        d.put("Policy.HealthCheck.Http.Path", Doc.withDefault("/", "Path, starting with /."));
        d.put("Policy.HealthCheck.Http.Expect", Doc.withDefault("200", "The HTTP status a healthy member answers."));
        d.put("Policy.HealthCheck.Tcp", Doc.of("A TCP connection to the member's address, which must be accepted."));
        d.put("Policy.HealthCheck.Tcp.Port", Doc.required("Port, 1 to 65535."));
        d.put("Policy.HealthCheck.Exec", Doc.of("A command run inside the member through the instance plugin's exec (Docker,"
                + " libvirt guest agent); exit 0 is healthy."));
        d.put("Policy.HealthCheck.Address", Doc.withDefault("the first of IPAddresses, IP, Address, IPAddress",
                "Dotted path in the instance's Properties to its address, for providers that put it elsewhere."));
        d.put("Policy.HealthCheck.InitialDelay", Doc.withDefault("0s", "No check before a member is this old."));
        d.put("Policy.HealthCheck.Interval", Doc.withDefault("10s", "Time between two checks of one member."));
        d.put("Policy.HealthCheck.Timeout", Doc.withDefault("2s", "A check not answered in this time failed; at most Interval."));
        d.put("Policy.HealthCheck.UnhealthyThreshold", Doc.withDefault("3", "Failed checks in a row that make a member unhealthy."));
        d.put("Policy.HealthCheck.HealthyThreshold", Doc.withDefault("1", "Passed checks in a row that make a member healthy."));
        d.put("Policy.Hooks", Doc.of("Lifecycle hooks: on launch (before a new member counts as in service) or terminate"
                + " (before a member is destroyed) the controller POSTs {Group, Instance, Transition} to Url and waits for"
                + " `infrakit group hook complete ID INSTANCE continue|abandon` or Timeout, then applies Default."));
        d.put("Policy.Hooks.On", Doc.required("launch or terminate."));
        d.put("Policy.Hooks.Url", Doc.of("The http:// or https:// address notified (this or Plugin)."));
        d.put("Policy.Hooks.Plugin", Doc.of("Instead of Url: a plugin serving LifecycleHook/0.1.0 (SOCKET or"
                + " SOCKET/OBJECT), called with LifecycleHook.Notify; it answers with group hook complete."));
        d.put("Policy.Hooks.Timeout", Doc.withDefault("5m", "How long the controller waits for the answer."));
        d.put("Policy.Hooks.Default", Doc.withDefault("abandon", "What an unanswered hook means: continue, or abandon (a"
                + " launched member is destroyed and replaced; a terminating one is destroyed either way)."));
        d.put("Policy.MaxLifetime", Doc.withDefault("none", "Members older than this (since the controller first saw them)"
                + " are replaced within the rolling-update budget, e.g. 168h."));
        d.put("Policy.WarmPool", Doc.withDefault("none", "Stopped members (tag infrakit.warm=true) kept beside the group and"
                + " outside its size: scale-up starts them before provisioning new ones, scale-in stops members into the pool"
                + " while it is below Size, and the pool is refilled in the background. Needs an instance plugin that can"
                + " stop and start instances (docker, libvirt, simulator)."));
        d.put("Policy.WarmPool.Size", Doc.required("Stopped members to keep ready, 1 or more."));
        d.put("Policy.WarmPool.MaxPrepared", Doc.withDefault("1", "At most this many provisioned into the pool at once."));
        return Map.copyOf(d);
    }
}

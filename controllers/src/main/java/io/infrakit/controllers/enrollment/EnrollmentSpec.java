package io.infrakit.controllers.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.controllers.GroupRef;
import io.infrakit.controllers.KeySelector;
import io.infrakit.controllers.SpecProblems;
import io.infrakit.spi.controller.ControllerSpec;

import java.time.Duration;
import java.util.Set;

/**
 * A {@code kind: enrollment} spec, in InfraKit's shape: {@code properties.List} names the source
 * group ({@code group/workers}); {@code properties.Instance} the plugin in which each member is
 * enrolled ({@code Plugin}) and the {@code Properties} each enrollment is provisioned with, where
 * {@code {{.ID}}} stands for the member's key. Options: {@code SourceKeySelector} (default
 * {@code {{.ID}}}), {@code SyncInterval}, and ours, {@code GroupController}.
 */
public record EnrollmentSpec(String name, GroupRef source, String plugin, JsonNode properties, KeySelector keySelector,
                             Duration syncInterval, String groupController) {

    static final Duration DEFAULT_SYNC = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    static EnrollmentSpec parse(ControllerSpec spec, SpecProblems p) {
        String name = spec.name();
        if (name == null || name.isBlank()) {
            p.add("metadata.name", "missing: name the enrollment, e.g. nfs-clients");
        }
        JsonNode props = spec.properties() == null ? JSON.createObjectNode() : spec.properties();
        if (!props.isObject()) {
            p.add("properties", "expected {List: group/NAME, Instance: {Plugin, Properties}}");
            props = JSON.createObjectNode();
        }
        p.unknownFields("properties", props, Set.of("List", "Instance"));
        GroupRef source = null;
        JsonNode list = props.get("List");
        if (list == null || !list.isTextual()) {
            p.add("properties.List", "missing: name the source group, e.g. group/workers");
        } else {
            try {
                source = GroupRef.parse(list.asText());
            } catch (IllegalArgumentException e) {
                p.add("properties.List", e.getMessage());
            }
        }
        JsonNode instance = props.path("Instance");
        p.unknownFields("properties.Instance", instance, Set.of("Plugin", "Properties", "Labels"));
        String plugin = instance.path("Plugin").asText("");
        if (plugin.isBlank()) {
            p.add("properties.Instance.Plugin", "missing: name the plugin to enroll the members in, e.g. simulator/allowlist");
        }
        JsonNode o = spec.options() == null ? JSON.createObjectNode() : spec.options();
        p.unknownFields("options", o, Set.of("SourceKeySelector", "EnrollmentKeySelector", "SyncInterval",
                "DestroyOnTerminate", "SourceParseErrOp", "EnrollmentParseErrOp", "GroupController"));
        KeySelector selector = KeySelector.parse("{{.ID}}");
        String sel = o.path("SourceKeySelector").asText("");
        if (!sel.isBlank()) {
            try {
                selector = KeySelector.parse(sel);
            } catch (IllegalArgumentException e) {
                p.add("options.SourceKeySelector", e.getMessage());
            }
        }
        Duration sync = p.duration("options.SyncInterval", o.get("SyncInterval"), DEFAULT_SYNC, true);
        return new EnrollmentSpec(name, source, plugin, instance.get("Properties"), selector, sync,
                o.path("GroupController").asText("group-stateless"));
    }
}

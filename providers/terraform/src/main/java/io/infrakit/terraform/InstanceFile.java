package io.infrakit.terraform;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One instance as a Terraform JSON configuration file, {@code ID.tf.json}: the resource
 * {@code TYPE.ID}, and our metadata (tags, LogicalID) in the file's {@code "//"} comment property,
 * which Terraform ignores. One file holds both, so they are written and removed together.
 */
record InstanceFile(
        @JsonProperty("ID") String id,
        @JsonProperty("Type") String type,
        @JsonProperty("LogicalID") String logicalId,
        @JsonProperty("Tags") Map<String, String> tags,
        @JsonProperty("TagsAttribute") String tagsAttribute) {

    static final String SUFFIX = ".tf.json";
    /** IDs the plugin makes: a Terraform resource name (letter first); other files are not ours and never touched. */
    static final Pattern ID = Pattern.compile("tf-[0-9a-f]{10}");
    private static final String COMMENT = "//";
    private static final String OURS = "infrakit";

    InstanceFile {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    String fileName() {
        return id + SUFFIX;
    }

    /** The resource's address in the state: {@code TYPE.ID}. */
    String address() {
        return type + "." + id;
    }

    InstanceFile withTags(Map<String, String> newTags) {
        return new InstanceFile(id, type, logicalId, newTags, tagsAttribute);
    }

    /** The file's JSON: the resource's {@code body}, with the tags in TagsAttribute when one is named. */
    ObjectNode render(ObjectMapper json, ObjectNode attributes) {
        ObjectNode root = json.createObjectNode();
        root.putObject(COMMENT).set(OURS, json.valueToTree(this));
        ObjectNode body = attributes == null ? json.createObjectNode() : attributes.deepCopy();
        if (tagsAttribute != null) {
            ObjectNode t = body.has(tagsAttribute) ? (ObjectNode) body.get(tagsAttribute) : body.putObject(tagsAttribute);
            new TreeMap<>(tags).forEach(t::put);
        }
        root.putObject("resource").putObject(type).set(id, body);
        return root;
    }

    /** Our metadata back from a file's JSON, or null when the file is not one of ours. */
    static InstanceFile read(ObjectMapper json, JsonNode root) {
        JsonNode meta = root.path(COMMENT).path(OURS);
        if (!meta.isObject()) {
            return null;
        }
        try {
            InstanceFile f = json.treeToValue(meta, InstanceFile.class);
            return f.id() != null && ID.matcher(f.id()).matches() && f.type() != null ? f : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /** The resource body a file holds (for Label, which rewrites the file keeping the body). */
    static ObjectNode body(JsonNode root, InstanceFile f) {
        JsonNode b = root.path("resource").path(f.type()).path(f.id());
        return b.isObject() ? (ObjectNode) b : null;
    }
}

package io.infrakit.vagrant;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * What the plugin keeps of one instance in {@code infrakit.json} beside its Vagrantfile: tags,
 * LogicalID and how far its provisioning went. Vagrant itself knows none of this.
 *
 * @param state  {@link #PROVISIONING} while vagrant up (and Init) runs, {@link #READY} after, {@link #FAILED} when up failed
 * @param init   outcome of the Init: running, succeeded or failed (Tags.INIT_*), or null when there is no Init
 * @param error  why it failed, for people (null unless FAILED or the Init failed)
 */
record Machine(
        @JsonProperty("ID") String id,
        @JsonProperty("LogicalID") String logicalId,
        @JsonProperty("Tags") Map<String, String> tags,
        @JsonProperty("Provider") String provider,
        @JsonProperty("State") String state,
        @JsonProperty("Init") String init,
        @JsonProperty("Error") String error,
        @JsonProperty("Created") String created) {

    static final String PROVISIONING = "provisioning";
    static final String READY = "ready";
    static final String FAILED = "failed";

    Machine {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    Machine withState(String newState, String newInit, String newError) {
        return new Machine(id, logicalId, tags, provider, newState, newInit, newError, created);
    }

    Machine withTags(Map<String, String> newTags) {
        return new Machine(id, logicalId, newTags, provider, state, init, error, created);
    }
}

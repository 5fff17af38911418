package io.infrakit.core.manager;

import io.infrakit.core.manager.store.Leadership;
import io.infrakit.core.manager.store.StoredSpec;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.spi.group.GroupSpec;

import java.util.List;

/**
 * What the manager offers beyond InfraKit's Group and Controller interfaces, for our CLI:
 * leadership, spec history, rollback and the event feed. Served as {@code Manager/0.1.0}.
 */
public interface ManagerApi {

    /** Leadership as this manager sees it. */
    @JsonPropertyOrder({"Leader", "Location", "Self", "Problem"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LeaderInfo(@JsonProperty("Leader") boolean leader,
                      @JsonProperty("Location") String location,
                      @JsonProperty("Self") String self,
                      /** Why this manager cannot campaign at all (e.g. the lock file is a folder), or null. */
                      @JsonProperty("Problem") String problem) {
        public LeaderInfo(boolean leader, String location, String self) {
            this(leader, location, self, null);
        }
    }

    /** One kept version of a group spec. */
    @JsonPropertyOrder({"Version", "CommittedAt", "Spec"})
    record Version(@JsonProperty("Version") long version,
                   @JsonProperty("CommittedAt") String committedAt,
                   @JsonProperty("Spec") GroupSpec spec) {
        static Version of(StoredSpec s) {
            return new Version(s.version(), s.committedAt().toString(), s.spec());
        }
    }

    /** One event of a group controller, as sent to clients. */
    @JsonPropertyOrder({"Sequence", "Time", "Type", "Group", "Instance", "Message"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventView(@JsonProperty("Sequence") long sequence,
                     @JsonProperty("Time") String time,
                     @JsonProperty("Type") String type,
                     @JsonProperty("Group") String group,
                     @JsonProperty("Instance") String instance,
                     @JsonProperty("Message") String message) {
    }

    /** Events after a cursor; pass {@code next} as the next call's {@code after} to follow. */
    @JsonPropertyOrder({"Events", "Next"})
    record EventPage(@JsonProperty("Events") List<EventView> events, @JsonProperty("Next") long next) {
    }

    /** A stored version file that cannot be trusted ({@code StoreDamage} on the wire). */
    @JsonPropertyOrder({"Group", "File", "Version", "Newest", "Reason", "Fix"})
    record Damage(@JsonProperty("Group") String group,
                  @JsonProperty("File") String file,
                  @JsonProperty("Version") long version,
                  @JsonProperty("Newest") boolean newest,
                  @JsonProperty("Reason") String reason,
                  @JsonProperty("Fix") String fix) {
        static Damage of(io.infrakit.core.manager.store.StoreDamage d) {
            return new Damage(d.group(), d.file(), d.version(), d.newest(), d.reason(), d.fix());
        }
    }

    LeaderInfo leadership();

    /**
     * Stored version files that cannot be trusted; a group with a damaged newest version is not
     * run and not in {@code InspectGroups}.
     */
    List<Damage> damaged();

    /** Every kept version of a group, newest first. */
    List<Version> history(String id);

    /** Re-commits the version before the latest; returns the controller's answer. */
    String rollback(String id);

    /**
     * Commits again the content of the kept version {@code version} (as a new version); refuses a
     * version that is not kept, naming those that are. Returns the controller's answer.
     */
    String rollbackTo(String id, long version);

    /** Lets a canary's config go on to every member of the group ({@code infrakit group promote}). */
    String promote(String id);

    /** Stops a canary: the version before it is committed again ({@code infrakit group abort}). */
    String abort(String id);

    /** Answers the lifecycle hook waiting for a member ({@code infrakit group hook complete}); {@code result} continue|abandon. */
    String completeHook(String id, String instance, String result);

    /** Events with a sequence above {@code after} (0: all kept), of one group or all (null/blank). */
    EventPage events(long after, String group);
}

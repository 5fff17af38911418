package io.infrakit.spi.group;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Our own optional {@code Policy} section of a group's properties (InfraKit has none; its clients
 * ignore it). Every field is optional: null means "the controller's default". Durations are Go-style
 * strings ({@code 30s}, {@code 10m}, {@code 1h30m}); {@code MaxUnhealthy} is a count ({@code 3}) or a
 * percentage of the group size ({@code 40%}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"MaxSurge", "MaxUnavailable", "HealthyTimeout", "UnhealthyGrace", "MaxUnhealthy",
        "MaxInstances", "PollInterval", "ProvisionTimeout", "Update", "ScaleDown", "MaxLifetime", "HealthCheck",
        "Hooks", "Autoscale", "WarmPool"})
public record Policy(
        /** Extra instances allowed above the size during a rolling update (default 1; 0 for LogicalIDs). */
        @JsonProperty("MaxSurge") Integer maxSurge,
        /** Instances allowed below the size (healthy) during a rolling update (default 0; 1 for LogicalIDs). */
        @JsonProperty("MaxUnavailable") Integer maxUnavailable,
        /** How long new members of a rolling update may take to turn healthy before the update pauses (default 10m). */
        @JsonProperty("HealthyTimeout") String healthyTimeout,
        /** How long a member may stay unhealthy before it is replaced (default 2m). */
        @JsonProperty("UnhealthyGrace") String unhealthyGrace,
        /** Above this many unhealthy members at once, replacement stops (default 40%). */
        @JsonProperty("MaxUnhealthy") String maxUnhealthy,
        /** Hard cap on instances of the group, in-flight provisions included (default none). */
        @JsonProperty("MaxInstances") Integer maxInstances,
        /** How often the group is observed (default: the controller's, 10s). */
        @JsonProperty("PollInterval") String pollInterval,
        /** How long a provisioned instance may take to become visible before it is written off (default 10m). */
        @JsonProperty("ProvisionTimeout") String provisionTimeout,
        /** How a config change rolls: phases, bake time, canary, automatic rollback (default: one rolling update). */
        @JsonProperty("Update") Update update,
        /** Which member goes first when the group shrinks: OldestFirst, NewestFirst, OldestConfigFirst, Balanced. */
        @JsonProperty("ScaleDown") String scaleDown,
        /** Members older than this are replaced within the update budget (default: never). */
        @JsonProperty("MaxLifetime") String maxLifetime,
        /** A health check the controller runs itself, beside the flavor's verdict (default: none). */
        @JsonProperty("HealthCheck") HealthCheck healthCheck,
        /** Lifecycle hooks: the controller waits for an answer before a member serves or is destroyed. */
        @JsonProperty("Hooks") List<Hook> hooks,
        /**
         * Target tracking on a Prometheus query ({@code Query, Target, Min, Max, MaxStep, ...}), carried
         * out by the autoscale controller, not the group controller (default none; see docs/traffic.md).
         */
        @JsonProperty("Autoscale") com.fasterxml.jackson.databind.JsonNode autoscale,
        /** Stopped members kept beside the group, started on scale-up before provisioning new ones (default none). */
        @JsonProperty("WarmPool") WarmPool warmPool) {

    /** A policy with every field at its default. */
    public static final Policy DEFAULTS = new Policy(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** Every field but WarmPool. */
    public Policy(Integer maxSurge, Integer maxUnavailable, String healthyTimeout, String unhealthyGrace,
                  String maxUnhealthy, Integer maxInstances, String pollInterval, String provisionTimeout,
                  Update update, String scaleDown, String maxLifetime, HealthCheck healthCheck, List<Hook> hooks,
                  com.fasterxml.jackson.databind.JsonNode autoscale) {
        this(maxSurge, maxUnavailable, healthyTimeout, unhealthyGrace, maxUnhealthy, maxInstances, pollInterval,
                provisionTimeout, update, scaleDown, maxLifetime, healthCheck, hooks, autoscale, null);
    }

    /** The pre-lifecycle fields only (the lifecycle ones at their defaults). */
    public Policy(Integer maxSurge, Integer maxUnavailable, String healthyTimeout, String unhealthyGrace,
                  String maxUnhealthy, Integer maxInstances, String pollInterval, String provisionTimeout) {
        this(maxSurge, maxUnavailable, healthyTimeout, unhealthyGrace, maxUnhealthy, maxInstances, pollInterval,
                provisionTimeout, null, null, null, null, null, null, null);
    }

    /** Every field but Autoscale (which the autoscale controller reads, not the group controller). */
    public Policy(Integer maxSurge, Integer maxUnavailable, String healthyTimeout, String unhealthyGrace,
                  String maxUnhealthy, Integer maxInstances, String pollInterval, String provisionTimeout,
                  Update update, String scaleDown, String maxLifetime, HealthCheck healthCheck, List<Hook> hooks) {
        this(maxSurge, maxUnavailable, healthyTimeout, unhealthyGrace, maxUnhealthy, maxInstances, pollInterval,
                provisionTimeout, update, scaleDown, maxLifetime, healthCheck, hooks, null, null);
    }

    /**
     * A phased rolling update. {@code Checkpoints} are percentages of the group (ascending, ending at
     * 100 or treated so): the update stops at each until its new members have been healthy for
     * {@code BakeTime} and {@code CheckpointDelay} has passed. {@code AutoRollback} commits the previous
     * stored version when a batch does not turn healthy within Policy.HealthyTimeout.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"Checkpoints", "CheckpointDelay", "BakeTime", "AutoRollback", "Canary"})
    public record Update(
            @JsonProperty("Checkpoints") List<Integer> checkpoints,
            @JsonProperty("CheckpointDelay") String checkpointDelay,
            @JsonProperty("BakeTime") String bakeTime,
            @JsonProperty("AutoRollback") Boolean autoRollback,
            @JsonProperty("Canary") Canary canary) {
    }

    /**
     * A check the controller runs against each member: one of {@code Http}, {@code Tcp} or {@code Exec}.
     * The address comes from the instance's Properties ({@code Address}, a dotted path; by default the
     * first of Docker's {@code IPAddresses}, or {@code IP}, {@code Address}, {@code IPAddress}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"Http", "Tcp", "Exec", "Address", "InitialDelay", "Interval", "Timeout", "UnhealthyThreshold",
            "HealthyThreshold"})
    public record HealthCheck(
            @JsonProperty("Http") Http http,
            @JsonProperty("Tcp") Tcp tcp,
            @JsonProperty("Exec") List<String> exec,
            @JsonProperty("Address") String address,
            @JsonProperty("InitialDelay") String initialDelay,
            @JsonProperty("Interval") String interval,
            @JsonProperty("Timeout") String timeout,
            @JsonProperty("UnhealthyThreshold") Integer unhealthyThreshold,
            @JsonProperty("HealthyThreshold") Integer healthyThreshold) {
    }

    /**
     * A lifecycle hook: on {@code launch} (before a new member counts as in service) or {@code terminate}
     * (before a member is destroyed) the controller POSTs to {@code Url} and waits for
     * {@code infrakit group hook complete} or {@code Timeout}, then applies {@code Default}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"On", "Url", "Plugin", "Timeout", "Default"})
    public record Hook(@JsonProperty("On") String on, @JsonProperty("Url") String url,
                       @JsonProperty("Timeout") String timeout, @JsonProperty("Default") String dflt,
                       /** Instead of Url: a plugin serving LifecycleHook/0.1.0, called over RPC. */
                       @JsonProperty("Plugin") String plugin) {

        /** A hook notified at a Url. */
        public Hook(String on, String url, String timeout, String dflt) {
            this(on, url, timeout, dflt, null);
        }
    }

    /** An HTTP GET on {@code Port} and {@code Path} that must answer {@code Expect} (default 200). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"Port", "Path", "Expect"})
    public record Http(@JsonProperty("Port") Integer port, @JsonProperty("Path") String path,
                       @JsonProperty("Expect") Integer expect) {
    }

    /** A TCP connection to {@code Port} that must be accepted. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tcp(@JsonProperty("Port") Integer port) {
    }

    /** Keep {@code Size} members on a new config until {@code infrakit group promote} (or {@code abort}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Canary(@JsonProperty("Size") Integer size) {
    }

    /**
     * A warm pool: {@code Size} stopped members (tag {@code infrakit.warm=true}) kept beside the group and
     * outside its size, started on scale-up before any new member is provisioned; a scale-in stops members
     * into the pool while it is below {@code Size}. At most {@code MaxPrepared} (default 1) are provisioned
     * into the pool at once. Needs an instance plugin that can stop and start instances (InstanceLifecycle).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"Size", "MaxPrepared"})
    public record WarmPool(@JsonProperty("Size") Integer size, @JsonProperty("MaxPrepared") Integer maxPrepared) {
    }
}

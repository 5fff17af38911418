package io.infrakit.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.PullResponseItem;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.Attachment;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.InstanceChangeSource;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceExec;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Instance plugin for Docker containers (InfraKit's {@code instance-docker}): one instance is one
 * container. Properties are {@code Tags}, {@code Config}, {@code HostConfig} (the Engine API's own
 * objects, passed through) and {@code NetworkAttachments}. It only ever lists, watches and
 * destroys containers carrying its {@link DockerLabels#MANAGED} label.
 */
public final class DockerInstancePlugin implements InstancePlugin, InstanceChangeSource, InstanceExec, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DockerInstancePlugin.class);
    /** States in which a container counts as an existing instance; exited and dead ones are lost. */
    static final List<String> LIVE_STATES = List.of("created", "running", "paused", "restarting");
    /** Event attributes that are not container labels. */
    private static final Set<String> EVENT_ATTRIBUTES = Set.of("image", "name", "exitCode", "signal");

    private final DockerSettings settings;
    private final ObjectMapper json;
    private final DockerEngine engine;
    private final LabelOverlay overlay;
    private final ContainerExec exec;
    private final InitRunner init;
    private final List<EventWatcher> watchers = new CopyOnWriteArrayList<>();
    /** Containers this plugin is destroying or destroyed: their die/destroy events are not losses. */
    private final Set<String> destroyedByUs = Collections.synchronizedSet(Collections.newSetFromMap(new LruMap<>(4096)));

    public DockerInstancePlugin(DockerSettings settings) {
        this(settings, new ObjectMapper());
    }

    DockerInstancePlugin(DockerSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        Duration callTimeout = settings.stopTimeout().plus(Duration.ofMinutes(1));
        this.engine = new DockerEngine(settings.host(), callTimeout, json);
        this.overlay = new LabelOverlay(json, settings.labelFile());
        this.exec = new ContainerExec(engine);
        this.init = new InitRunner(exec, settings.initTimeout());
    }


    /** Fails with a clear message when the engine does not answer. */
    public void ping() {
        engine.ping();
    }

    public DockerSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- Validate

    @Override
    public void validate(JsonNode properties) {
        List<String> problems = PropertiesValidator.problems(properties);
        if (!problems.isEmpty()) {
            throw new PluginException("invalid docker instance properties: " + String.join("; ", problems));
        }
    }

    // ---------------------------------------------------------------- Provision

    @Override
    public String provision(InstanceSpec spec) {
        validate(spec.properties());
        ObjectNode props = (ObjectNode) spec.properties();
        ObjectNode config = props.path("Config").deepCopy();
        String image = config.path("Image").asText();
        String group = spec.tags() == null ? null : spec.tags().get(Tags.GROUP);
        String logicalId = spec.logicalId() == null || spec.logicalId().isBlank() ? null : spec.logicalId();
        String who = "group=" + group + " logical=" + logicalId;

        ensureImage(image, who);

        // Labels, weakest first: Config.Labels, Properties.Tags, the instance's tags, ours.
        Map<String, String> labels = new TreeMap<>();
        labels.putAll(stringMap(config.path("Labels")));
        labels.putAll(stringMap(props.path("Tags")));
        if (spec.tags() != null) {
            labels.putAll(spec.tags());
        }
        labels.put(DockerLabels.MANAGED, "true");
        if (logicalId != null) {
            labels.put(Tags.LOGICAL_ID, logicalId);
        }

        ObjectNode body = config;
        body.set("Labels", json.valueToTree(labels));
        if (logicalId != null) {
            // Pets are found by name: the logical ID is the hostname, the container name and a network alias.
            body.put("Hostname", hostname(logicalId));
        }
        ObjectNode hostConfig = props.has("HostConfig") && props.get("HostConfig").isObject()
                ? props.get("HostConfig").deepCopy() : json.createObjectNode();
        body.set("HostConfig", hostConfig);
        String networkMode = hostConfig.path("NetworkMode").asText("");
        if (logicalId != null && isUserNetwork(networkMode)) {
            ObjectNode endpoint = json.createObjectNode();
            endpoint.putArray("Aliases").add(logicalId);
            body.putObject("NetworkingConfig").putObject("EndpointsConfig").set(networkMode, endpoint);
        }

        requireNetworks(props, spec.attachments(), networkMode, who);
        String id = create(body, logicalId, who);
        boolean hasInit = spec.init() != null && !spec.init().isBlank();
        if (hasInit) {
            // The container is visible from now on: say that its Init is not done yet.
            overlay.put(id, Map.of(DockerLabels.INIT_STATUS, DockerLabels.INIT_RUNNING));
        }
        try {
            connectNetworks(id, props.path("NetworkAttachments"), logicalId);
            connectAttachments(id, spec.attachments(), logicalId, who);
            engine.api().startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            String why = e instanceof DockerException de ? DockerEngine.message(de)
                    : e instanceof PluginException ? e.getMessage() : DockerEngine.rootMessage(e);
            removeQuietly(id);
            overlay.remove(id);
            log.warn("provision failed: {} image={} reason={}", who, image, why);
            throw new PluginException("cannot start a container of image '" + image + "': " + why, e);
        }
        log.info("provisioned container {} {} image={}", shortId(id), who, image);

        if (hasInit) {
            runInit(id, spec.init(), who);
        }
        return id;
    }

    private String create(ObjectNode body, String logicalId, String who) {
        String name = logicalId == null ? null : containerName(logicalId);
        for (int attempt = 0; ; attempt++) {
            try {
                return engine.createContainer(body, name);
            } catch (DockerEngine.EngineError e) {
                if (e.status == 409 && name != null && attempt == 0) {
                    name = resolveNameConflict(name, logicalId, who);
                    continue;
                }
                log.warn("provision failed: {} reason={}", who, e.getMessage());
                throw new PluginException("the Docker engine refused to create the container: " + e.getMessage(), e);
            }
        }
    }

    /**
     * A container already has the pet's name. An old container of ours that is no longer running
     * (the pet died) is removed so the new one takes the name; a live one (surge during a rolling
     * update) or a foreign one is left alone and the new container gets a suffixed name instead:
     * its hostname and network alias still are the logical ID.
     */
    private String resolveNameConflict(String name, String logicalId, String who) {
        try {
            InspectContainerResponse existing = engine.api().inspectContainerCmd(name).exec();
            Map<String, String> labels = existing.getConfig().getLabels() == null ? Map.of() : existing.getConfig().getLabels();
            boolean ours = "true".equals(labels.get(DockerLabels.MANAGED)) && logicalId.equals(labels.get(Tags.LOGICAL_ID));
            boolean live = Boolean.TRUE.equals(existing.getState().getRunning()) || Boolean.TRUE.equals(existing.getState().getRestarting());
            if (ours && !live) {
                log.info("removing stopped container {} that holds the name {} {}", shortId(existing.getId()), name, who);
                destroyedByUs.add(existing.getId());
                engine.api().removeContainerCmd(existing.getId()).withForce(true).withRemoveVolumes(true).exec();
                overlay.remove(existing.getId());
                return name;
            }
        } catch (NotFoundException e) {
            return name; // gone meanwhile: retry with the same name
        } catch (DockerException e) {
            log.warn("cannot inspect container {}: {}", name, DockerEngine.message(e));
        }
        String suffixed = name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        log.warn("container name {} is taken; using {} {}", name, suffixed, who);
        return suffixed;
    }

    /**
     * Checks that the networks the spec names exist before anything is created: the engine only
     * notices a missing one when the container starts, with a terse "network x not found".
     */
    private void requireNetworks(JsonNode props, List<Attachment> attachments, String networkMode, String who) {
        Map<String, String> wanted = new LinkedHashMap<>();
        if (isUserNetwork(networkMode)) {
            wanted.put(networkMode, "HostConfig.NetworkMode");
        }
        props.path("NetworkAttachments").forEach(a -> wanted.putIfAbsent(PropertiesValidator.networkName(a), "NetworkAttachments"));
        if (attachments != null) {
            attachments.stream().filter(a -> "network".equalsIgnoreCase(a.type()))
                    .forEach(a -> wanted.putIfAbsent(a.id(), "the flavor's Attachments"));
        }
        for (var e : wanted.entrySet()) {
            try {
                engine.api().inspectNetworkCmd().withNetworkId(e.getKey()).exec();
            } catch (NotFoundException ex) {
                log.warn("provision failed: {} reason=network {} not found", who, e.getKey());
                throw new PluginException(e.getValue() + " names network '" + e.getKey()
                        + "', which the engine does not have; create it with docker network create " + e.getKey(), ex);
            }
        }
    }

    private void connectNetworks(String id, JsonNode attachments, String logicalId) {
        if (!attachments.isArray()) {
            return;
        }
        for (JsonNode a : attachments) {
            String network = PropertiesValidator.networkName(a);
            List<String> aliases = new ArrayList<>();
            if (logicalId != null) {
                aliases.add(logicalId);
            }
            a.path("Aliases").forEach(x -> aliases.add(x.asText()));
            if (a.path("Aliases").isTextual()) {
                aliases.add(a.path("Aliases").asText());
            }
            try {
                engine.api().connectToNetworkCmd().withNetworkId(network).withContainerId(id)
                        .withContainerNetwork(new ContainerNetwork().withAliases(aliases)).exec();
            } catch (NotFoundException e) {
                throw new PluginException("NetworkAttachments names network '" + network
                        + "', which the engine does not have; create it with docker network create " + network, e);
            }
        }
    }

    /** Flavor attachments of type {@code network} are networks to join; other types mean nothing to Docker. */
    private void connectAttachments(String id, List<Attachment> attachments, String logicalId, String who) {
        if (attachments == null) {
            return;
        }
        for (Attachment a : attachments) {
            if ("network".equalsIgnoreCase(a.type())) {
                ObjectNode n = json.createObjectNode().put("Name", a.id());
                connectNetworks(id, json.createArrayNode().add(n), logicalId);
            } else {
                log.warn("attachment {} of type {} ignored: the docker plugin only attaches networks (Type \"network\") {}",
                        a.id(), a.type(), who);
            }
        }
    }

    private void runInit(String id, String script, String who) {
        String label = shortId(id) + " " + who;
        InitRunner.Outcome outcome = init.run(id, label, script);
        if (outcome.succeeded()) {
            overlay.put(id, Map.of(DockerLabels.INIT_STATUS, DockerLabels.INIT_SUCCEEDED));
            log.info("init succeeded: container {} {}", shortId(id), who);
            return;
        }
        String exit = outcome.exitCode() != null ? String.valueOf(outcome.exitCode()) : outcome.timedOut() ? "timeout" : "error";
        overlay.put(id, Map.of(DockerLabels.INIT_STATUS, DockerLabels.INIT_FAILED, DockerLabels.INIT_EXIT, exit));
        log.warn("init failed: container {} {} exit={} reason={} output tail: {}", shortId(id), who, exit,
                outcome.error() == null ? "non-zero exit" : outcome.error(), outcome.output().strip());
    }

    /** Makes sure the image is on the engine: pulls it if allowed, else says how to load it. */
    private void ensureImage(String image, String who) {
        try {
            engine.api().inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException e) {
            // not here: pull below
        } catch (RuntimeException e) {
            throw e instanceof DockerException de ? new PluginException(DockerEngine.message(de), e) : engine.unreachable(e);
        }
        String why;
        if (!settings.pull()) {
            why = "pulling is off (docker.pull=false)";
        } else {
            ImageReference ref = ImageReference.parse(image);
            log.info("pulling image {} {}", image, who);
            QuietCallback<PullResponseItem> callback = new QuietCallback<>();
            try {
                engine.streams().pullImageCmd(ref.repository()).withTag(ref.tag()).exec(callback);
                if (callback.awaitCompletion(settings.pullTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    if (callback.error() != null) {
                        throw callback.error() instanceof DockerException de ? de : new RuntimeException(callback.error());
                    }
                    engine.api().inspectImageCmd(image).exec();
                    log.info("pulled image {} {}", image, who);
                    return;
                }
                callback.close();
                why = "the pull did not finish within " + settings.pullTimeout().toSeconds() + " s";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why = "interrupted while pulling";
            } catch (DockerException e) {
                why = "the pull failed: " + DockerEngine.message(e);
            } catch (Exception e) {
                why = "the pull failed: " + DockerEngine.rootMessage(e);
            }
        }
        log.warn("provision failed: {} image={} reason=image missing, {}", who, image, why);
        throw new PluginException("image '" + image + "' is not on the Docker engine at " + engine.host() + " and "
                + why + ". Load it into the engine first: `docker load -i IMAGE.tar` (an image saved with docker save), "
                + "`tar -C ROOTFS -c . | docker import - " + image + "`, or `docker build -t " + image + " DIR`; "
                + "or make its registry reachable");
    }

    // ---------------------------------------------------------------- Label

    @Override
    public void label(String instanceId, Map<String, String> labels) {
        InspectContainerResponse c = inspectOurs(instanceId, "label");
        overlay.put(c.getId(), labels);
        log.info("labelled container {} group={} labels={}", shortId(c.getId()), labelOf(c, Tags.GROUP), labels);
    }

    // ---------------------------------------------------------------- Destroy

    @Override
    public void destroy(String instanceId, DestroyContext context) {
        InspectContainerResponse c = inspectOurs(instanceId, "destroy");
        String id = c.getId();
        String reason = context == null ? DestroyContext.TERMINATE : context.reason();
        destroyedByUs.add(id);
        int seconds = (int) Math.max(0, settings.stopTimeout().toSeconds());
        try {
            engine.api().stopContainerCmd(id).withTimeout(seconds).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // already stopped, or removed by AutoRemove meanwhile
        } catch (DockerException e) {
            log.warn("stop of container {} failed ({}); removing it by force", shortId(id), DockerEngine.message(e));
        }
        try {
            engine.api().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // AutoRemove got there first
        } catch (ConflictException e) {
            // "removal already in progress" (AutoRemove): the engine finishes it
        } catch (DockerException e) {
            throw new PluginException("cannot remove container " + shortId(id) + ": " + DockerEngine.message(e), e);
        }
        overlay.remove(id);
        log.info("destroyed container {} group={} logical={} reason={}", shortId(id), labelOf(c, Tags.GROUP),
                labelOf(c, Tags.LOGICAL_ID), reason);
    }

    private InspectContainerResponse inspectOurs(String instanceId, String action) {
        if (instanceId == null || instanceId.isBlank()) {
            throw new PluginException(action + ": the instance ID is empty; give a container ID from describe");
        }
        InspectContainerResponse c;
        try {
            c = engine.api().inspectContainerCmd(instanceId).exec();
        } catch (NotFoundException e) {
            throw new PluginException(action + ": no container with ID '" + instanceId + "' on the Docker engine at "
                    + engine.host() + "; it may be gone already (list ours with: docker ps -a --filter label="
                    + DockerLabels.MANAGED + "=true)", e);
        } catch (DockerException e) {
            throw new PluginException(action + " " + instanceId + ": " + DockerEngine.message(e), e);
        } catch (RuntimeException e) {
            throw engine.unreachable(e);
        }
        Map<String, String> labels = c.getConfig() == null || c.getConfig().getLabels() == null ? Map.of() : c.getConfig().getLabels();
        if (!"true".equals(labels.get(DockerLabels.MANAGED))) {
            throw new PluginException(action + ": container '" + instanceId + "' was not created by infrakit (it has no label "
                    + DockerLabels.MANAGED + "=true); it is left alone");
        }
        return c;
    }

    /**
     * Forgets tags added to containers that no longer exist on the engine (removed while no watch
     * was running). Called when the plugin starts.
     */
    public void pruneLabels() {
        if (overlay.containerIds().isEmpty()) {
            return;
        }
        Set<String> existing = new java.util.HashSet<>();
        engine.api().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerLabels.MANAGED, "true")).exec()
                .forEach(c -> existing.add(c.getId()));
        overlay.retainOnly(existing);
    }

    // ---------------------------------------------------------------- Exec

    /** {@code docker exec} in one of our containers; stdout and stderr apart. */
    @Override
    public ExecResult exec(String instanceId, List<String> command, Duration timeout) {
        if (command == null || command.isEmpty()) {
            throw new PluginException("exec: the command is empty; give a program and its arguments, e.g. [\"/bin/sh\", \"-c\", \"uptime\"]");
        }
        InspectContainerResponse c = inspectOurs(instanceId, "exec");
        if (!Boolean.TRUE.equals(c.getState().getRunning())) {
            throw new PluginException("exec: container " + shortId(c.getId()) + " is " + c.getState().getStatus()
                    + ", not running; a command can only run in a running container");
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        ContainerExec.Ended ended = exec.run(c.getId(), command, timeout, frame -> {
            String text = new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8);
            synchronized (out) {
                (frame.getStreamType() == com.github.dockerjava.api.model.StreamType.STDERR ? err : out).append(text);
            }
        });
        if (ended.exitCode() == null) {
            throw new PluginException("exec on " + shortId(c.getId()) + ": " + command.getFirst() + " " + ended.error());
        }
        log.info("exec container={} group={} command={} exit={}", shortId(c.getId()), labelOf(c, Tags.GROUP),
                command.getFirst(), ended.exitCode());
        synchronized (out) {
            return new ExecResult(ended.exitCode().intValue(), out.toString(), err.toString());
        }
    }

    // ---------------------------------------------------------------- DescribeInstances

    @Override
    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        Map<String, String> wanted = tags == null ? Map.of() : tags;
        // Tags added after creation live in the overlay, not in the engine: filter those keys here.
        Set<String> overlayKeys = overlay.keys();
        Map<String, String> engineFilter = new LinkedHashMap<>();
        engineFilter.put(DockerLabels.MANAGED, "true");
        wanted.forEach((k, v) -> {
            if (!overlayKeys.contains(k)) {
                engineFilter.put(k, v);
            }
        });
        List<Container> containers;
        try {
            containers = engine.api().listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(engineFilter)
                    .withStatusFilter(LIVE_STATES)
                    .exec();
        } catch (DockerException e) {
            throw new PluginException("cannot list containers: " + DockerEngine.message(e), e);
        } catch (RuntimeException e) {
            throw engine.unreachable(e);
        }
        List<InstanceDescription> out = new ArrayList<>();
        for (Container c : containers) {
            Map<String, String> merged = new TreeMap<>(c.getLabels() == null ? Map.of() : c.getLabels());
            merged.putAll(overlay.get(c.getId()));
            if (!Tags.containsAll(merged, wanted)) {
                continue;
            }
            String logical = Optional.ofNullable(merged.get(Tags.LOGICAL_ID)).orElse(merged.get(Tags.LOGICAL_ID_LEGACY));
            out.add(new InstanceDescription(c.getId(), logical, merged, properties ? json.valueToTree(propertiesOf(c)) : null));
        }
        return out;
    }

    private static ContainerProperties propertiesOf(Container c) {
        Map<String, String> ips = new TreeMap<>();
        if (c.getNetworkSettings() != null && c.getNetworkSettings().getNetworks() != null) {
            c.getNetworkSettings().getNetworks().forEach((net, n) -> {
                if (n.getIpAddress() != null && !n.getIpAddress().isEmpty()) {
                    ips.put(net, n.getIpAddress());
                }
            });
        }
        String name = c.getNames() == null || c.getNames().length == 0 ? null : c.getNames()[0].replaceFirst("^/", "");
        String created = c.getCreated() == null ? null : Instant.ofEpochSecond(c.getCreated()).toString();
        return new ContainerProperties(name, c.getState(), c.getStatus(), ContainerProperties.healthFromStatus(c.getStatus()),
                c.getImage(), c.getImageId(), ips, created);
    }

    // ---------------------------------------------------------------- Events

    @Override
    public AutoCloseable watch(Consumer<InstanceChange> listener) {
        Set<String> reportedLost = Collections.synchronizedSet(Collections.newSetFromMap(new LruMap<>(4096)));
        EventWatcher watcher = new EventWatcher(engine, event -> changeFor(event).ifPresent(change -> {
            if (change.kind() == InstanceChange.Kind.LOST && !reportedLost.add(change.instanceId())) {
                return; // die then destroy (AutoRemove): one loss
            }
            log.info("container {} {}: {} group={}", shortId(change.instanceId()), change.kind(), change.detail(),
                    change.tags() == null ? null : change.tags().get(Tags.GROUP));
            listener.accept(change);
        }));
        watchers.add(watcher);
        watcher.start();
        try {
            // Return once the stream is open, so a caller's next action is sure to be seen.
            watcher.awaitConnected(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return () -> {
            watchers.remove(watcher);
            watcher.close();
        };
    }

    /** What an engine event means for the group controller, if anything. */
    Optional<InstanceChange> changeFor(Event event) {
        String id = event.getId() != null ? event.getId() : event.getActor() == null ? null : event.getActor().getId();
        if (id == null || destroyedByUs.contains(id)) {
            return Optional.empty();
        }
        Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                ? Map.of() : event.getActor().getAttributes();
        Map<String, String> tags = new TreeMap<>();
        attributes.forEach((k, v) -> {
            if (!EVENT_ATTRIBUTES.contains(k)) {
                tags.put(k, v);
            }
        });
        tags.putAll(overlay.get(id));
        String action = event.getAction() == null ? event.getStatus() : event.getAction();
        return switch (action == null ? "" : action) {
            case "die" -> {
                String detail = "container died (exit code " + attributes.getOrDefault("exitCode", "?") + ")";
                if (willRestart(id)) {
                    yield Optional.of(new InstanceChange(InstanceChange.Kind.CHANGED, id, tags, detail + ", restarting"));
                }
                yield Optional.of(new InstanceChange(InstanceChange.Kind.LOST, id, tags, detail));
            }
            case "destroy" -> {
                overlay.remove(id);
                yield Optional.of(new InstanceChange(InstanceChange.Kind.LOST, id, tags, "container removed"));
            }
            case "oom" -> Optional.of(new InstanceChange(InstanceChange.Kind.CHANGED, id, tags, "container ran out of memory"));
            case "kill" -> Optional.of(new InstanceChange(InstanceChange.Kind.CHANGED, id, tags,
                    "container sent signal " + attributes.getOrDefault("signal", "?")));
            default -> Optional.empty();
        };
    }

    /** After a die: whether the engine restarts it (restart policy), so it is not lost. */
    private boolean willRestart(String id) {
        try {
            InspectContainerResponse c = engine.api().inspectContainerCmd(id).exec();
            return Boolean.TRUE.equals(c.getState().getRestarting()) || Boolean.TRUE.equals(c.getState().getRunning());
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- helpers

    private void removeQuietly(String id) {
        destroyedByUs.add(id);
        try {
            engine.api().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (RuntimeException e) {
            log.warn("cannot remove failed container {}: {}", shortId(id), e.getMessage());
        }
    }

    private Map<String, String> stringMap(JsonNode node) {
        Map<String, String> m = new HashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }

    private static String labelOf(InspectContainerResponse c, String key) {
        return c.getConfig() == null || c.getConfig().getLabels() == null ? null : c.getConfig().getLabels().get(key);
    }

    private static boolean isUserNetwork(String mode) {
        return !mode.isEmpty() && !Set.of("default", "bridge", "host", "none").contains(mode) && !mode.startsWith("container:");
    }

    /** A Docker container name from a logical ID: [a-zA-Z0-9][a-zA-Z0-9_.-]*. */
    static String containerName(String logicalId) {
        String s = logicalId.replaceAll("[^a-zA-Z0-9_.-]", "-");
        return Character.isLetterOrDigit(s.charAt(0)) ? s : "i" + s;
    }

    /** A hostname from a logical ID: letters, digits, dots and dashes, at most 63 characters. */
    static String hostname(String logicalId) {
        String s = logicalId.replaceAll("[^a-zA-Z0-9.-]", "-");
        return s.length() > 63 ? s.substring(0, 63) : s;
    }

    static String shortId(String id) {
        return id == null ? null : id.length() > 12 ? id.substring(0, 12) : id;
    }

    @Override
    public void close() throws Exception {
        watchers.forEach(EventWatcher::close);
        watchers.clear();
        engine.close();
    }

    /** A bounded insertion-ordered map, for remembering recent container IDs. */
    private static final class LruMap<K, V> extends LinkedHashMap<K, V> {
        private final int max;

        LruMap(int max) {
            this.max = max;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > max;
        }
    }
}

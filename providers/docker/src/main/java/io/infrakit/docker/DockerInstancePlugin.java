package io.infrakit.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Instance plugin for Docker containers (InfraKit's {@code instance-docker}): one instance is one
 * container. Properties are {@code Tags}, {@code Config}, {@code HostConfig} (the Engine API's own
 * objects, passed through) and {@code NetworkAttachments}. It only ever lists, watches and
 * destroys containers carrying its {@link DockerLabels#MANAGED} label.
 */
public final class DockerInstancePlugin implements InstancePlugin, InstanceChangeSource, InstanceExec,
        io.infrakit.spi.instance.InstanceLifecycle, io.infrakit.spi.instance.InstanceTemplates, io.infrakit.spi.instance.InstanceFiles, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DockerInstancePlugin.class);

    private final DockerSettings settings;
    private final ObjectMapper json;
    private final DockerEngine engine;
    private final OurContainers containers;
    private final LabelOverlay overlay;
    private final ContainerExec exec;
    private final InitRunner init;
    private final ImagePuller images;
    private final Networks networks;
    private final DockerEvents events;

    public DockerInstancePlugin(DockerSettings settings) {
        this(settings, new ObjectMapper());
    }

    DockerInstancePlugin(DockerSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        Duration callTimeout = settings.stopTimeout().plus(Duration.ofMinutes(1));
        this.engine = new DockerEngine(settings.host(), callTimeout, json);
        this.containers = new OurContainers(engine);
        this.overlay = new LabelOverlay(json, settings.labelFile());
        this.exec = new ContainerExec(engine);
        this.init = new InitRunner(exec, settings.initTimeout(), overlay);
        this.images = new ImagePuller(engine, settings);
        this.networks = new Networks(engine);
        this.events = new DockerEvents(engine, overlay);
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
        ContainerRequest request = ContainerRequest.from(spec, json);
        String who = request.who();
        images.ensure(request.image(), who);
        networks.require(request);
        String id = create(request);
        boolean hasInit = spec.init() != null && !spec.init().isBlank();
        if (hasInit) {
            // The container is visible from now on: say that its Init is not done yet.
            overlay.put(id, Map.of(DockerLabels.INIT_STATUS, DockerLabels.INIT_RUNNING));
        }
        try {
            networks.connect(id, request);
            engine.api().startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            String why = e instanceof DockerException de ? DockerEngine.message(de)
                    : e instanceof PluginException ? e.getMessage() : DockerEngine.rootMessage(e);
            removeQuietly(id);
            overlay.remove(id);
            log.warn("provision failed: {} image={} reason={}", who, request.image(), why);
            throw new PluginException("cannot start a container of image '" + request.image() + "': " + why, e);
        }
        log.info("provisioned container {} {} image={}", shortId(id), who, request.image());

        if (hasInit) {
            init.runAndRecord(id, spec.init(), who);
        }
        return id;
    }

    private String create(ContainerRequest request) {
        String name = request.name();
        for (int attempt = 0; ; attempt++) {
            try {
                return engine.createContainer(request.body(), name);
            } catch (DockerEngine.EngineError e) {
                if (e.status == 409 && name != null && attempt == 0) {
                    name = resolveNameConflict(name, request.logicalId(), request.who());
                    continue;
                }
                log.warn("provision failed: {} reason={}", request.who(), e.getMessage());
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
                events.removing(existing.getId(),
                        () -> engine.api().removeContainerCmd(existing.getId()).withForce(true).withRemoveVolumes(true).exec());
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

    // ---------------------------------------------------------------- Label

    @Override
    public void label(String instanceId, Map<String, String> labels) {
        InspectContainerResponse c = containers.inspect(instanceId, "label");
        overlay.put(c.getId(), labels);
        log.info("labelled container {} group={} labels={}", shortId(c.getId()), OurContainers.label(c, Tags.GROUP), labels);
    }

    // ---------------------------------------------------------------- Destroy

    @Override
    public void destroy(String instanceId, DestroyContext context) {
        InspectContainerResponse c = containers.inspect(instanceId, "destroy");
        String id = c.getId();
        String reason = context == null ? DestroyContext.TERMINATE : context.reason();
        events.removing(id, () -> {
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
        });
        overlay.remove(id);
        log.info("destroyed container {} group={} logical={} reason={}", shortId(id), OurContainers.label(c, Tags.GROUP),
                OurContainers.label(c, Tags.LOGICAL_ID), reason);
    }

    /**
     * Forgets tags added to containers that no longer exist on the engine (removed while no watch
     * was running). Called when the plugin starts.
     */
    public void pruneLabels() {
        if (overlay.containerIds().isEmpty()) {
            return;
        }
        Set<String> existing = containers.allIds();
        overlay.retainOnly(existing);
    }

    // ---------------------------------------------------------------- Exec

    /** {@code docker exec} in one of our containers; stdout and stderr apart. */
    @Override
    public ExecResult exec(String instanceId, List<String> command, Duration timeout) {
        return exec(instanceId, command, timeout, text -> {
        });
    }

    /** The same, stdout streamed as the Engine sends its frames. */
    @Override
    public ExecResult exec(String instanceId, List<String> command, Duration timeout, java.util.function.Consumer<String> stdout) {
        if (command == null || command.isEmpty()) {
            throw new PluginException("exec: the command is empty; give a program and its arguments, e.g. [\"/bin/sh\", \"-c\", \"uptime\"]");
        }
        InspectContainerResponse c = containers.inspect(instanceId, "exec");
        if (!Boolean.TRUE.equals(c.getState().getRunning())) {
            throw new PluginException("exec: container " + shortId(c.getId()) + " is " + c.getState().getStatus()
                    + ", not running; a command can only run in a running container");
        }
        ContainerExec.Captured run = exec.capture(c.getId(), command, timeout, stdout);
        if (run.ended().exitCode() == null) {
            throw new PluginException("exec on " + shortId(c.getId()) + ": " + command.getFirst() + " " + run.ended().error());
        }
        log.info("exec container={} group={} command={} exit={}", shortId(c.getId()), OurContainers.label(c, Tags.GROUP),
                command.getFirst(), run.ended().exitCode());
        return new ExecResult(run.ended().exitCode().intValue(), run.stdout(), run.stderr());
    }

    /** A file into the container through the archive API ({@link ContainerFiles}); its folder must exist. */
    @Override
    public void writeFile(String instanceId, String path, byte[] content, Duration timeout) {
        new ContainerFiles(engine).write(containers.inspect(instanceId, "write file").getId(), path, content);
    }

    @Override
    public byte[] readFile(String instanceId, String path, Duration timeout) {
        return new ContainerFiles(engine).read(containers.inspect(instanceId, "read file").getId(), path);
    }

    // ---------------------------------------------------------------- Start, Stop (warm pool)

    /** {@code docker start}: a stopped container of ours runs again; a running one is left as it is. */
    @Override
    public void start(String instanceId) {
        InspectContainerResponse c = containers.inspect(instanceId, "start");
        try {
            engine.api().startContainerCmd(c.getId()).exec();
        } catch (NotModifiedException e) {
            // already running
        } catch (DockerException e) {
            throw new PluginException("cannot start container " + shortId(c.getId()) + ": " + DockerEngine.message(e), e);
        }
        log.info("started container {} group={}", shortId(c.getId()), OurContainers.label(c, Tags.GROUP));
    }

    /** {@code docker stop}: the container is kept (a warm pool member); a stopped one is left as it is. */
    @Override
    public void stop(String instanceId) {
        InspectContainerResponse c = containers.inspect(instanceId, "stop");
        if (c.getHostConfig() != null && Boolean.TRUE.equals(c.getHostConfig().getAutoRemove())) {
            throw new PluginException("container " + shortId(c.getId()) + " has HostConfig.AutoRemove: the engine would"
                    + " remove it when stopped; remove AutoRemove from Instance.Properties to keep a warm pool");
        }
        int seconds = (int) Math.max(0, settings.stopTimeout().toSeconds());
        try {
            engine.api().stopContainerCmd(c.getId()).withTimeout(seconds).exec();
        } catch (NotModifiedException e) {
            // already stopped
        } catch (DockerException e) {
            throw new PluginException("cannot stop container " + shortId(c.getId()) + ": " + DockerEngine.message(e), e);
        }
        log.info("stopped container {} group={}", shortId(c.getId()), OurContainers.label(c, Tags.GROUP));
    }

    /** A deployment's template output: {@code docker commit} to Repository:Tag (see {@link ContainerTemplates}). */
    @Override
    public String createTemplate(String instanceId, com.fasterxml.jackson.databind.JsonNode properties) {
        return new ContainerTemplates(engine, containers).commit(instanceId, properties);
    }

    // ---------------------------------------------------------------- DescribeInstances

    @Override
    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        Map<String, String> wanted = tags == null ? Map.of() : tags;
        // Tags added after creation live in the overlay, not in the engine: filter those keys here.
        Set<String> overlayKeys = overlay.keys();
        Map<String, String> engineFilter = new LinkedHashMap<>();
        wanted.forEach((k, v) -> {
            if (!overlayKeys.contains(k)) {
                engineFilter.put(k, v);
            }
        });
        List<InstanceDescription> out = new ArrayList<>();
        List<Container> listed = new ArrayList<>(containers.live(engineFilter));
        int live = listed.size();
        // An exited container is lost, unless it is a warm pool member, stopped on purpose.
        listed.addAll(containers.exited(engineFilter));
        for (int i = 0; i < listed.size(); i++) {
            Container c = listed.get(i);
            Map<String, String> merged = new TreeMap<>(c.getLabels() == null ? Map.of() : c.getLabels());
            merged.putAll(overlay.get(c.getId()));
            if (!Tags.containsAll(merged, wanted) || (i >= live && !Tags.TRUE.equals(merged.get(Tags.WARM)))) {
                continue;
            }
            String logical = Optional.ofNullable(merged.get(Tags.LOGICAL_ID)).orElse(merged.get(Tags.LOGICAL_ID_LEGACY));
            out.add(new InstanceDescription(c.getId(), logical, merged, properties ? json.valueToTree(ContainerProperties.of(c)) : null));
        }
        return out;
    }

    // ---------------------------------------------------------------- Events

    @Override
    public AutoCloseable watch(Consumer<InstanceChange> listener) {
        return events.watch(listener);
    }

    // ---------------------------------------------------------------- helpers

    private void removeQuietly(String id) {
        events.removing(id, () -> {
            try {
                engine.api().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException e) {
                log.warn("cannot remove failed container {}: {}", shortId(id), e.getMessage());
            }
        });
    }

    static String shortId(String id) {
        return id == null ? null : id.length() > 12 ? id.substring(0, 12) : id;
    }

    @Override
    public void close() throws Exception {
        events.close();
        engine.close();
    }
}

package io.infrakit.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Instance plugin over Terraform: each instance is one resource ({@code Type} with
 * {@code Attributes} from its Properties) in its own {@code .tf.json} file, in a working directory
 * per group ({@code DIR/GROUP}). Provision and Destroy write or remove the file, then plan into a
 * plan file and apply it ({@link WorkingDir}). DescribeInstances reads the files (tags, LogicalID)
 * and the state, which one {@code terraform show -json} per change serves to every poll: InfraKit's
 * Terraform plugin ran {@code terraform show} on every DescribeInstances, which did not scale
 * (seed 000).
 */
public final class TerraformInstancePlugin implements InstancePlugin, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TerraformInstancePlugin.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The working directory of instances provisioned without a group tag. */
    static final String UNGROUPED = "_ungrouped";

    private final TerraformOptions options;
    private final TerraformCli cli;
    private final PropertiesReader reader = new PropertiesReader();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Path, WorkingDir> dirs = new ConcurrentHashMap<>();

    public TerraformInstancePlugin(TerraformOptions options) {
        this.options = options;
        this.cli = new TerraformCli(options.command());
    }

    TerraformOptions options() {
        return options;
    }

    /** The working directory of a group: its ID with anything but letters, digits, dot, dash and underscore made an underscore. */
    WorkingDir dirOf(String group) {
        String name = group == null || group.isBlank() ? UNGROUPED : group.replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.startsWith(".")) {
            name = "_" + name;
        }
        return dirs.computeIfAbsent(options.dir().resolve(name), p -> new WorkingDir(p, cli, options, json));
    }

    @Override
    public void validate(JsonNode properties) {
        reader.read(properties);
    }

    @Override
    public String provision(InstanceSpec spec) {
        TerraformProperties p = reader.read(spec.properties());
        byte[] random = new byte[5];
        RANDOM.nextBytes(random);
        String id = "tf-" + HexFormat.of().formatHex(random);
        Map<String, String> tags = new TreeMap<>(p.tags());
        if (spec.tags() != null) {
            tags.putAll(spec.tags());
        }
        String logical = spec.logicalId() == null || spec.logicalId().isBlank() ? null : spec.logicalId();
        if (logical != null) {
            tags.put(Tags.LOGICAL_ID, logical);
        }
        ObjectNode attributes = p.attributes() == null ? json.createObjectNode() : p.attributes().deepCopy();
        if (!spec.init().isBlank()) {
            if (p.initAttribute() != null) {
                attributes.put(p.initAttribute(), spec.init());
            } else {
                log.warn("terraform: instance {} has an Init but Properties name no InitAttribute to put it in; it is not passed on", id);
            }
        }
        InstanceFile file = new InstanceFile(id, p.type(), logical, tags, p.tagsAttribute());
        WorkingDir dir = dirOf(tags.get(Tags.GROUP));
        dir.apply("instance " + id, () -> {
            dir.write(file.fileName(), file.render(json, attributes));
            return () -> dir.delete(file.fileName());
        });
        log.info("terraform: instance {} ({}) applied in {}", id, file.address(), dir.path());
        return id;
    }

    /** The working directory holding instance {@code id}'s file. */
    private WorkingDir find(String id) {
        if (!InstanceFile.ID.matcher(id).matches()) {
            throw new PluginException("terraform: '" + id + "' is not an instance ID of this plugin (they look like tf-0123456789)");
        }
        for (WorkingDir d : all()) {
            if (Files.exists(d.path().resolve(id + InstanceFile.SUFFIX))) {
                return d;
            }
        }
        throw new PluginException("terraform: no instance " + id + " (no file " + id + InstanceFile.SUFFIX + " under " + options.dir() + ")");
    }

    /** Every working directory under the root, known to this process or not. */
    private List<WorkingDir> all() {
        Set<Path> paths = new LinkedHashSet<>(dirs.keySet());
        if (Files.isDirectory(options.dir())) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(options.dir(), Files::isDirectory)) {
                s.forEach(paths::add);
            } catch (IOException e) {
                throw new PluginException("terraform: cannot list " + options.dir() + ": " + e.getMessage());
            }
        }
        List<WorkingDir> out = new ArrayList<>();
        for (Path p : paths) {
            out.add(dirs.computeIfAbsent(p, k -> new WorkingDir(k, cli, options, json)));
        }
        return out;
    }

    @Override
    public void label(String instanceId, Map<String, String> labels) {
        WorkingDir dir = find(instanceId);
        JsonNode root = dir.raw(instanceId).orElseThrow(() -> new PluginException("terraform: no instance " + instanceId + " to label"));
        InstanceFile old = InstanceFile.read(json, root);
        if (old == null) {
            throw new PluginException("terraform: " + instanceId + InstanceFile.SUFFIX + " holds no InfraKit metadata");
        }
        Map<String, String> tags = new TreeMap<>(old.tags());
        tags.putAll(labels);
        InstanceFile updated = old.withTags(tags);
        ObjectNode body = InstanceFile.body(root, old);
        if (old.tagsAttribute() == null) {
            // Tags only in our metadata: nothing for Terraform to change.
            dir.locked(() -> dir.write(updated.fileName(), updated.render(json, body)));
            return;
        }
        dir.apply("labels of " + instanceId, () -> {
            dir.write(updated.fileName(), updated.render(json, body));
            return () -> dir.write(old.fileName(), root);
        });
    }

    @Override
    public void destroy(String instanceId, DestroyContext context) {
        WorkingDir dir = find(instanceId);
        dir.apply("destroying " + instanceId, () -> {
            JsonNode before = dir.raw(instanceId).orElseThrow(() -> new PluginException("terraform: no instance " + instanceId));
            dir.delete(instanceId + InstanceFile.SUFFIX);
            return () -> dir.write(instanceId + InstanceFile.SUFFIX, before);
        });
        log.info("terraform: instance {} destroyed ({})", instanceId, context == null ? "" : context.reason());
    }

    @Override
    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        String group = tags == null ? null : tags.get(Tags.GROUP);
        List<WorkingDir> where;
        if (group != null) {
            WorkingDir d = dirOf(group);
            where = Files.isDirectory(d.path()) ? List.of(d) : List.of();
        } else {
            where = all();
        }
        List<InstanceDescription> out = new ArrayList<>();
        for (WorkingDir d : where) {
            List<InstanceFile> wanted = d.files().stream().filter(f -> Tags.containsAll(f.tags(), tags)).toList();
            if (wanted.isEmpty()) {
                continue;
            }
            StateSnapshot state = d.state();
            for (InstanceFile f : wanted) {
                // In the state: applied. A file not (yet) there is a provision still running, or one that failed.
                JsonNode r = state.resources().get(f.address());
                if (r != null) {
                    out.add(new InstanceDescription(f.id(), f.logicalId(), f.tags(), properties ? describe(d, f, r) : null));
                }
            }
        }
        return out;
    }

    private JsonNode describe(WorkingDir d, InstanceFile f, JsonNode resource) {
        ObjectNode p = json.createObjectNode();
        p.put("Address", f.address());
        p.put("WorkingDir", d.path().toString());
        p.set("Values", resource.path("values"));
        return p;
    }

    @Override
    public void close() {
        // Nothing runs in the background: every terraform call is made by a caller's thread.
    }

    @Override
    public String toString() {
        return "TerraformInstancePlugin[" + options.dir() + "]";
    }
}

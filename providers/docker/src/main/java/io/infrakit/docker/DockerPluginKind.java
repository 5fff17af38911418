package io.infrakit.docker;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;

import java.util.Map;

/** {@code infrakit plugin start docker}: Docker containers as instances, on socket {@code docker}. */
public final class DockerPluginKind implements PluginKind {

    public static final String NAME = "docker";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "instance plugin: Docker containers on a Docker engine (DOCKER_HOST or the local socket)";
    }

    @Override
    public Map<String, String> options() {
        return DockerSettings.OPTIONS;
    }

    /** Read from {@link EngineApiSchema}, which Validate checks the properties against. */
    @Override
    public java.util.Optional<io.infrakit.spi.schema.Field> propertiesSchema() {
        return java.util.Optional.of(EngineApiSchema.asField());
    }

    @Override
    public RunningPlugin start(PluginContext context) throws Exception {
        DockerSettings settings = DockerSettings.fromOptions(context.options(),
                context.home().resolve(NAME).resolve("labels.json"));
        DockerInstancePlugin plugin = new DockerInstancePlugin(settings);
        try {
            plugin.ping();
            plugin.pruneLabels();
        } catch (RuntimeException e) {
            plugin.close();
            throw e;
        }
        return RunningPlugin.single(NAME, plugin, plugin);
    }
}

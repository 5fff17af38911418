package io.infrakit.core.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.DestroyContext;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceDescription;
import io.infrakit.spi.instance.InstanceExec;
import io.infrakit.spi.instance.InstancePlugin;
import io.infrakit.spi.instance.InstanceSpec;
import io.infrakit.spi.instance.InstanceTemplates;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A fake instance plugin whose "instances" are folders on this machine: exec runs the command
 * as a local process (so the real /bin/sh sees the step's real argv), with the instance's folder
 * as HOME. A template is a copy of the folder. A fake: no isolation, for tests only.
 */
final class LocalShellFake implements InstancePlugin, InstanceExec, InstanceTemplates {
    final Path root;
    final Map<String, Path> instances = new ConcurrentHashMap<>();
    final Map<String, JsonNode> properties = new ConcurrentHashMap<>();
    final List<String> destroyed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

    LocalShellFake(Path root) {
        this.root = root;
    }

    @Override
    public void validate(JsonNode properties) {
    }

    @Override
    public String provision(InstanceSpec spec) {
        String id = "inst-" + next.incrementAndGet();
        Path dir = root.resolve(id);
        try {
            String base = spec.properties().path("Base").asText("");
            if (!base.isEmpty()) {
                copy(root.resolve("templates").resolve(base), dir);
            } else {
                Files.createDirectories(dir);
            }
        } catch (java.io.IOException e) {
            throw new PluginException(e.getMessage());
        }
        instances.put(id, dir);
        properties.put(id, spec.properties());
        return id;
    }

    @Override
    public void label(String instanceId, Map<String, String> labels) {
    }

    @Override
    public void destroy(String instanceId, DestroyContext context) {
        if (instances.remove(instanceId) == null) {
            throw new PluginException("no instance " + instanceId);
        }
        destroyed.add(instanceId);
    }

    @Override
    public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
        return List.of();
    }

    @Override
    public ExecResult exec(String instanceId, List<String> command, Duration timeout) {
        Path dir = instances.get(instanceId);
        if (dir == null) {
            throw new PluginException("no instance " + instanceId);
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            pb.environment().clear();
            pb.environment().put("HOME", dir.toString());
            Path err = Files.createTempFile("fake-stderr", ".txt");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            byte[][] stdout = new byte[1][];
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    stdout[0] = p.getInputStream().readAllBytes();
                } catch (java.io.IOException e) {
                    stdout[0] = new byte[0];
                }
            });
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new PluginException("exec: " + command.getFirst() + " did not finish within " + timeout.toMillis() + " ms");
            }
            reader.join();
            String stderr = Files.readString(err);
            Files.delete(err);
            return new ExecResult(p.exitValue(), new String(stdout[0], StandardCharsets.UTF_8), stderr);
        } catch (java.io.IOException e) {
            throw new PluginException("exec: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted");
        }
    }

    @Override
    public String createTemplate(String instanceId, JsonNode properties) {
        String name = properties.path("Name").asText("");
        if (name.isEmpty()) {
            throw new PluginException("template property 'Name' is missing");
        }
        try {
            copy(instances.get(instanceId), root.resolve("templates").resolve(name));
        } catch (java.io.IOException e) {
            throw new PluginException(e.getMessage());
        }
        return name;
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}

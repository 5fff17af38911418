package io.infrakit.vagrant;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The slow part of a Provision, on its own virtual thread: {@code vagrant up}, then the Init, each
 * outcome written to the instance's metadata. A box runs the Init as its shell provisioner, in a
 * {@code vagrant provision} of its own (so that a failed Init is told from a failed up); the Docker
 * provider, which has no SSH, runs it with {@code vagrant docker-exec -t} once the container runs
 * ({@code -t} because Debian's Vagrant 2.3.4 fails {@code docker-exec} without it).
 */
final class Provisioning implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Provisioning.class);

    private final String id;
    private final String provider;
    private final boolean docker;
    private final boolean hasInit;
    private final VagrantCli cli;
    private final MachineFolders folders;
    private final VagrantOptions options;
    private final ReentrantLock lock;

    Provisioning(String id, String provider, boolean docker, boolean hasInit, VagrantCli cli, MachineFolders folders,
                 VagrantOptions options, ReentrantLock lock) {
        this.id = id;
        this.provider = provider;
        this.docker = docker;
        this.hasInit = hasInit;
        this.cli = cli;
        this.folders = folders;
        this.options = options;
        this.lock = lock;
    }

    @Override
    public void run() {
        Path dir = folders.dir(id);
        List<String> up = new ArrayList<>(List.of("up"));
        if (provider != null) {
            up.add("--provider=" + provider);
        }
        if (!docker && hasInit) {
            up.add("--no-provision");
        }
        lock.lock();
        try {
            if (!Files.isDirectory(dir)) {
                return; // destroyed before it started
            }
            VagrantCli.Result r;
            try {
                r = cli.run(dir, options.upTimeout(), id, up.toArray(String[]::new));
            } catch (PluginException e) {
                record(Machine.FAILED, null, e.getMessage());
                return;
            }
            if (!r.ok()) {
                String why = "vagrant up " + (r.timedOut() ? "timed out after " + options.upTimeout() : "failed (exit " + r.exitCode() + ")")
                        + ": " + r.tail();
                log.warn("vagrant: instance {}: {}", id, why);
                record(Machine.FAILED, null, why);
                return;
            }
            if (!hasInit) {
                record(Machine.READY, null, null);
                log.info("vagrant: instance {} is up", id);
                return;
            }
            record(Machine.READY, Tags.INIT_RUNNING, null);
            String script;
            try {
                script = Files.readString(dir.resolve(Vagrantfile.INIT_FILE));
            } catch (java.io.IOException e) {
                record(Machine.READY, Tags.INIT_FAILED, "cannot read " + Vagrantfile.INIT_FILE + ": " + e.getMessage());
                return;
            }
            VagrantCli.Result init;
            try {
                init = docker
                        ? cli.run(dir, options.initTimeout(), id, "docker-exec", "-t", "default", "--", "/bin/sh", "-c", script)
                        : cli.run(dir, options.initTimeout(), id, "provision");
            } catch (PluginException e) {
                record(Machine.READY, Tags.INIT_FAILED, e.getMessage());
                return;
            }
            if (init.ok()) {
                record(Machine.READY, Tags.INIT_SUCCEEDED, null);
                log.info("vagrant: instance {} is up and its Init succeeded", id);
            } else {
                String why = "the Init " + (init.timedOut() ? "timed out after " + options.initTimeout() : "failed (exit " + init.exitCode() + ")")
                        + ": " + init.tail();
                log.warn("vagrant: instance {}: {}", id, why);
                record(Machine.READY, Tags.INIT_FAILED, why);
            }
        } finally {
            lock.unlock();
        }
    }

    private void record(String state, String init, String error) {
        folders.update(id, m -> m.withState(state, init, error));
    }
}

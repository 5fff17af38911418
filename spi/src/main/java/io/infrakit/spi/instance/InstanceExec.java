package io.infrakit.spi.instance;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Optional interface for instance plugins that can run a command inside an instance without SSH
 * (libvirt through the QEMU guest agent, Docker through exec). Failures to reach the instance are
 * thrown as {@link io.infrakit.spi.PluginException}; a command that runs and fails is a result
 * with a non-zero exit code.
 */
public interface InstanceExec {

    /**
     * Runs {@code command} (program and arguments, no shell unless the caller asks for one) in the
     * instance and waits at most {@code timeout} for it to finish.
     */
    ExecResult exec(String instanceId, List<String> command, Duration timeout);

    /**
     * The same, handing stdout to {@code stdout} in pieces, in order, while the command runs (the
     * result still holds all of it). A plugin that cannot stream keeps this default: one piece at the end.
     */
    default ExecResult exec(String instanceId, List<String> command, Duration timeout, Consumer<String> stdout) {
        ExecResult r = exec(instanceId, command, timeout);
        if (!r.stdout().isEmpty()) {
            stdout.accept(r.stdout());
        }
        return r;
    }
}

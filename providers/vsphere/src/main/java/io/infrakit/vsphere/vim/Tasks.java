package io.infrakit.vsphere.vim;

import io.infrakit.spi.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Follows a vSphere task to its end: reads {@code info.state}, {@code info.progress},
 * {@code info.error} and {@code info.result} with one RetrievePropertiesEx per look, pausing 50 ms
 * at first and doubling up to 1 s. A failed task becomes a {@link VimFault} with the task's fault.
 */
public final class Tasks {

    private static final Logger log = LoggerFactory.getLogger(Tasks.class);
    private static final List<String> INFO = List.of("info.state", "info.progress", "info.error", "info.result", "info.descriptionId");

    private final VimClient client;
    private final Duration timeout;

    public Tasks(VimClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** Waits for {@code task} (started by {@code method}); returns its {@code info.result}, or null. */
    public XmlNode await(String method, Moref task) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = Duration.ofMillis(50);
        int lastProgress = -1;
        while (true) {
            List<ObjectContent> got = client.retrieve(PropertySpecs.object(task, INFO));
            if (got.isEmpty()) {
                throw new PluginException("vsphere " + method + ": task " + task.value() + " vanished before it ended");
            }
            ObjectContent info = got.getFirst();
            String state = info.text("info.state");
            if ("success".equals(state)) {
                return info.props().get("info.result");
            }
            if ("error".equals(state)) {
                XmlNode error = info.props().get("info.error");
                String message = error == null ? null : error.text("localizedMessage");
                String fault = error == null ? null : error.child("fault").map(f -> f.xsiType() != null ? f.xsiType() : f.name()).orElse(null);
                throw new VimFault(method, SoapTransport.stripFault(fault == null ? "TaskFailed" : fault), message);
            }
            String progress = info.text("info.progress");
            if (progress != null) {
                int p = Integer.parseInt(progress.trim());
                if (p != lastProgress) {
                    log.debug("vsphere {} task {}: {}%", method, task.value(), p);
                    lastProgress = p;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new PluginException("vsphere " + method + ": task " + task.value() + " still " + state + " after "
                        + timeout.toSeconds() + " s; it may yet finish in vCenter (raise --opt vsphere.task-timeout)");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginException("vsphere " + method + ": interrupted while waiting for task " + task.value());
            }
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : pause.multipliedBy(2);
        }
    }
}

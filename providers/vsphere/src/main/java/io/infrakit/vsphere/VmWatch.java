package io.infrakit.vsphere;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.ChangeListeners;
import io.infrakit.spi.instance.InstanceChange;
import io.infrakit.spi.instance.OwnChanges;
import io.infrakit.vsphere.vim.Moref;
import io.infrakit.vsphere.vim.PropertySpecs;
import io.infrakit.vsphere.vim.VimClient;
import io.infrakit.vsphere.vim.XmlNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * vCenter's changes to VMs as instance changes, from WaitForUpdatesEx on a property collector of
 * our own, filtered on every VM below the datacenters' VM folders (power state, parent folder and
 * custom attributes). A VM of ours (see {@link KnownVms}) that is destroyed, leaves the watched
 * folders, or is powered off although it was provisioned to run is reported LOST; moved to another
 * folder, CHANGED. Changes the plugin makes itself are not reported ({@link OwnChanges}).
 * Runs on one virtual thread while someone watches.
 */
final class VmWatch {

    /** Deletes a VM of ours that was powered off behind our back. */
    interface Reaper {
        void reap(String id, String why);
    }

    private static final Logger log = LoggerFactory.getLogger(VmWatch.class);
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    private static final List<String> PATHS = List.of("runtime.powerState", "parent", "customValue");

    private final VimClient client;
    private final CustomFields fields;
    private final KnownVms known;
    private final OwnChanges own;
    private final Reaper reaper; // null: powered-off VMs stay
    private final ChangeListeners listeners = new ChangeListeners(
            (change, e) -> log.warn("instance change listener failed on {}: {}", change, e.toString()));
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, String> powerStates = new ConcurrentHashMap<>();
    private final Map<String, String> parents = new ConcurrentHashMap<>();
    private volatile Thread thread; // written under lock
    private volatile boolean ready;

    VmWatch(VimClient client, CustomFields fields, KnownVms known, OwnChanges own, Reaper reaper) {
        this.client = client;
        this.fields = fields;
        this.known = known;
        this.own = own;
        this.reaper = reaper;
    }

    AutoCloseable watch(Consumer<InstanceChange> listener) {
        lock.lock();
        try {
            listeners.add(listener);
            if (thread == null) {
                // Assigned before it starts: run() goes on only while it is the current watcher.
                thread = Thread.ofVirtual().name("vsphere-watch").unstarted(this::run);
                thread.start();
            }
        } finally {
            lock.unlock();
        }
        return () -> unwatch(listener);
    }

    /** Whether the first full update has been read (changes after it are reported). */
    boolean ready() {
        return ready;
    }

    /** Whether vCenter's updates have shown this VM to the watcher yet. */
    boolean sees(String id) {
        return powerStates.containsKey(id);
    }

    private void unwatch(Consumer<InstanceChange> listener) {
        lock.lock();
        try {
            listeners.remove(listener);
            if (listeners.isEmpty()) {
                stop();
            }
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            listeners.clear();
            stop();
        } finally {
            lock.unlock();
        }
    }

    private void stop() {
        Thread t = thread;
        thread = null;
        ready = false;
        if (t != null) {
            t.interrupt(); // ends the pending WaitForUpdatesEx request
        }
    }

    private boolean running() {
        return !Thread.currentThread().isInterrupted() && thread == Thread.currentThread();
    }

    private void run() {
        Duration pause = Duration.ofSeconds(1);
        while (running()) {
            try {
                Moref collector = client.createPropertyCollector();
                client.createFilter(collector, PropertySpecs.tree(client.content().rootFolder(), Map.of("VirtualMachine", PATHS), true));
                String version = "";
                while (running()) {
                    XmlNode set = client.waitForUpdates(collector, version, MAX_WAIT);
                    if (set == null) {
                        continue;
                    }
                    boolean first = version.isEmpty();
                    version = set.text("version") == null ? version : set.text("version");
                    apply(set, first);
                    ready = true;
                    pause = Duration.ofSeconds(1);
                }
            } catch (PluginException | IllegalArgumentException e) {
                if (!running()) {
                    return;
                }
                log.warn("vsphere: watching VM changes failed ({}); again in {} s", e.getMessage(), pause.toSeconds());
                ready = false;
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : pause.multipliedBy(2);
            }
        }
    }

    /** One UpdateSet: every object update of every filter. The first one only learns the state. */
    private void apply(XmlNode set, boolean first) {
        for (XmlNode filter : set.all("filterSet")) {
            for (XmlNode update : filter.all("objectSet")) {
                Moref obj = update.child("obj").map(XmlNode::moref).orElse(null);
                if (obj == null || !obj.type().equals("VirtualMachine")) {
                    continue;
                }
                String kind = update.text("kind");
                String id = obj.value();
                if ("leave".equals(kind)) {
                    powerStates.remove(id);
                    parents.remove(id);
                    lost(id, "deleted or moved out of the watched folders", false);
                    continue;
                }
                String oldPower = powerStates.get(id);
                String oldParent = parents.get(id);
                for (XmlNode change : update.all("changeSet")) {
                    String name = change.text("name");
                    XmlNode val = change.child("val").orElse(null);
                    if (name == null) {
                        continue;
                    }
                    switch (name) {
                        case "runtime.powerState" -> {
                            if (val != null) {
                                powerStates.put(id, val.text());
                            }
                        }
                        case "parent" -> {
                            if (val != null) {
                                parents.put(id, val.text());
                            }
                        }
                        // A new VM enters with no attributes yet (they are set right after): that must not
                        // erase what the provision taught; only attributes naming a group teach.
                        case "customValue" -> known.learnIfTagged(id, fields.read(val == null ? List.of() : val.children()));
                        default -> {
                        }
                    }
                }
                if (first || !"modify".equals(kind)) {
                    continue;
                }
                String newPower = powerStates.get(id);
                if ("poweredOff".equals(newPower) && oldPower != null && !"poweredOff".equals(oldPower)) {
                    KnownVms.Known k = known.get(id);
                    if (k != null && k.powerOn()) {
                        lost(id, "powered off behind our back", true);
                    }
                }
                String newParent = parents.get(id);
                if (oldParent != null && newParent != null && !oldParent.equals(newParent) && known.get(id) != null && !own.isOwn(id)) {
                    notifyChange(InstanceChange.Kind.CHANGED, id, known.get(id).tags(), "moved to folder " + newParent);
                }
            }
        }
    }

    private void lost(String id, String why, boolean poweredOff) {
        KnownVms.Known k = known.get(id);
        if (k == null || own.isOwn(id)) {
            return;
        }
        if (poweredOff && reaper != null) {
            reaper.reap(id, why);
        } else {
            known.forget(id);
        }
        notifyChange(InstanceChange.Kind.LOST, id, k.tags(), why);
    }

    private void notifyChange(InstanceChange.Kind kind, String id, Map<String, String> tags, String why) {
        log.info("vsphere: VM {} of group {} {}", id, tags.get(io.infrakit.spi.Tags.GROUP), why);
        listeners.notify(new InstanceChange(kind, id, tags, why));
    }
}

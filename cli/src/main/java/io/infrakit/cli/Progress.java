package io.infrakit.cli;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Prints a line per group whenever its counts change, until every group has converged. */
final class Progress {
    private Progress() {
    }

    /** Returns true when all converged, false on timeout or when {@code stop} says so. */
    static boolean watch(ManagerClient manager, List<String> ids, PrintWriter out, Duration timeout, BooleanSupplier stop)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = timeout == null ? Long.MAX_VALUE : start + timeout.toNanos();
        Map<String, String> last = new HashMap<>();
        while (!stop.getAsBoolean()) {
            boolean all = true;
            Map<String, GroupSpec> specs = new HashMap<>();
            try {
                for (GroupSpec s : manager.groups().inspectGroups()) {
                    specs.put(s.id(), s);
                }
                java.util.Set<String> down = manager.down(specs.values());
                for (String id : ids) {
                    GroupSpec s = specs.get(id);
                    if (s == null) {
                        all = false;
                        continue;
                    }
                    GroupView v = manager.view(s, down);
                    String line = v.reachable() ? v.progressLine() : id + ": cannot be read: " + v.error();
                    if (!line.equals(last.get(id))) {
                        last.put(id, line);
                        out.printf("[%5.1fs] %s%n", (System.nanoTime() - start) / 1e9, line);
                        out.flush();
                    }
                    all &= v.reachable() && v.converged() && v.running() == v.desired() && v.updating() == 0;
                }
            } catch (PluginException e) {
                all = false; // the controller may be starting; keep watching
            }
            if (all) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(250);
        }
        return false;
    }
}

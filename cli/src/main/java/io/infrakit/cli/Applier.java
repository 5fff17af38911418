package io.infrakit.cli;

import io.infrakit.core.spec.InvalidSpecException;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Commits several groups all or nothing as far as checking goes. One group is committed directly:
 * the manager checks it (each plugin's Validate, once) before storing it, so a separate pretend
 * round would only repeat those calls. Several groups are each planned first, so that one refused
 * group stops the others from being committed.
 */
final class Applier {
    private Applier() {
    }

    /**
     * A refusal because the stored group is damaged is a failure of the store, not of the input
     * (exit 1, not 2); the manager's wording of it is the only sign that crosses the wire.
     */
    static boolean damaged(PluginException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("' is damaged: ") && m.contains("cannot be trusted");
    }

    static void apply(GroupPlugin groups, List<GroupSpec> specs, PrintWriter out) {
        if (specs.size() == 1) {
            GroupSpec s = specs.get(0);
            String details;
            try {
                details = groups.commitGroup(s, false);
            } catch (PluginException e) {
                if (damaged(e)) {
                    throw e;
                }
                throw new InvalidSpecException("group '" + s.id() + "': " + e.getMessage());
            }
            out.println("group " + s.id() + " committed: " + details);
            out.flush();
            return;
        }
        List<String> problems = new ArrayList<>();
        for (GroupSpec s : specs) {
            try {
                groups.commitGroup(s, true);
            } catch (PluginException e) {
                if (damaged(e)) {
                    throw e;
                }
                problems.add("group '" + s.id() + "': " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        for (GroupSpec s : specs) {
            String details = groups.commitGroup(s, false);
            out.println("group " + s.id() + " committed: " + details);
        }
        out.flush();
    }
}

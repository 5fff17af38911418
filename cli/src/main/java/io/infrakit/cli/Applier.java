package io.infrakit.cli;

import io.infrakit.core.manager.SpecFileException;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Commits several groups all or nothing as far as checking goes: every spec is planned first. */
final class Applier {
    private Applier() {
    }

    static void apply(GroupPlugin groups, List<GroupSpec> specs, PrintWriter out) {
        List<String> problems = new ArrayList<>();
        for (GroupSpec s : specs) {
            try {
                groups.commitGroup(s, true);
            } catch (PluginException e) {
                problems.add("group '" + s.id() + "': " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecFileException(problems);
        }
        for (GroupSpec s : specs) {
            String details = groups.commitGroup(s, false);
            out.println("group " + s.id() + " committed: " + details);
        }
        out.flush();
    }
}

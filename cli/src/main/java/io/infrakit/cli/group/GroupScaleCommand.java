package io.infrakit.cli.group;

import io.infrakit.cli.BadInputException;
import io.infrakit.cli.CliEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code infrakit group scale ID [N]}: shows or sets the size (scale only: never a rolling update). */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Shows a group's size, or sets it to N. Scaling never rolls the members.")
public final class GroupScaleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GroupTarget target;

    @Parameters(index = "0", paramLabel = "ID", description = "The group ID.")
    String id;

    @Parameters(index = "1", paramLabel = "N", arity = "0..1", description = "The new size (0 or more).")
    String size;

    private final CliEnv env;

    GroupScaleCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Integer n = null;
        if (size != null) {
            try {
                n = Integer.parseInt(size.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0) {
                throw new BadInputException("size '" + size + "' is not a whole number of 0 or more, e.g. "
                        + "infrakit group scale " + id + " 5");
            }
        }
        try (GroupPlugins p = new GroupPlugins(env, target)) {
            int current;
            try {
                current = p.plugin.size(id);
            } catch (io.infrakit.spi.PluginException e) {
                throw p.aboutGroup(id, e);
            }
            if (n == null) {
                spec.commandLine().getOut().println("Group " + id + " at " + current + " instances");
            } else {
                p.plugin.setSize(id, n);
                spec.commandLine().getOut().println("Group " + id + " at " + current + " instances, scale to " + n);
            }
        }
        return 0;
    }
}

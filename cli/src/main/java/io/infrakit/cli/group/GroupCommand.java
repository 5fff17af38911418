package io.infrakit.cli.group;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code infrakit group ...}: talks to a group controller (by default the raw one, socket group-stateless). */
@Command(name = "group", mixinStandardHelpOptions = true,
        description = "Commits, inspects, scales and destroys groups of instances kept by a group controller.",
        subcommands = {GroupCommitCommand.class, GroupLsCommand.class, GroupDescribeCommand.class,
                GroupInspectCommand.class, GroupScaleCommand.class, GroupDestroyCommand.class,
                GroupFreeCommand.class, GroupDestroyInstancesCommand.class,
                io.infrakit.cli.GroupCanaryCommand.Promote.class, io.infrakit.cli.GroupCanaryCommand.Abort.class,
                io.infrakit.cli.GroupHookCommand.class})
public final class GroupCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing subcommand: commit, ls, describe, inspect, scale, destroy, free, destroy-instances, promote, abort or hook");
    }
}

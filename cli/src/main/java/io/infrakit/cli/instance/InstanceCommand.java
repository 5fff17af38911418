package io.infrakit.cli.instance;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code infrakit instance ...}: talks to one instance plugin directly. */
@Command(name = "instance", mixinStandardHelpOptions = true,
        description = "Calls an instance plugin directly: validate, provision, describe, label, destroy, exec.",
        subcommands = {InstanceValidateCommand.class, InstanceProvisionCommand.class, InstanceDescribeCommand.class,
                InstanceLabelCommand.class, InstanceDestroyCommand.class, InstanceExecCommand.class,
                InstanceRoleCommand.Protect.class, InstanceRoleCommand.Standby.class, InstanceRoleCommand.Detach.class})
public final class InstanceCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing subcommand: validate, provision, describe, label, destroy, exec, protect, standby or detach");
    }
}

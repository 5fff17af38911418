package io.infrakit.cli.controller;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code infrakit controller ...}: commits specs of other kinds than group ({@code kind: ingress},
 * {@code enrollment}, {@code autoscale}) to the controller plugin serving that kind, over
 * InfraKit's Controller/0.1.1.
 */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Commits, describes and frees the specs of controllers: ingress, enrollment, autoscale.",
        subcommands = {ControllerCommitCommand.class, ControllerDescribeCommand.class, ControllerFreeCommand.class})
public final class ControllerCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: commit, describe or free");
    }
}

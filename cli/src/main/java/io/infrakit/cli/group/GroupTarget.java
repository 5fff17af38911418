package io.infrakit.cli.group;

import picocli.CommandLine.Option;

/** {@code --plugin NAME}: which group controller a group command talks to. */
public final class GroupTarget {

    /**
     * The default group controller. InfraKit's raw group plugin socket today; the manager (socket
     * {@code group}) becomes the default once it exists: change it here only.
     */
    public static final String DEFAULT_PLUGIN = "group-stateless";

    @Option(names = {"--plugin", "--name"}, paramLabel = "NAME", defaultValue = DEFAULT_PLUGIN,
            description = "Group plugin to talk to (default: ${DEFAULT-VALUE}).")
    String name = DEFAULT_PLUGIN;
}

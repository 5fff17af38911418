package io.infrakit.core.group;

import io.infrakit.core.group.plan.GroupConfig;

/**
 * A group controller in this JVM that takes a config already validated by
 * {@link io.infrakit.core.spec.GroupSpecValidator}: the manager's path, on which each plugin's
 * {@code Validate} runs once per commit. {@link #check} is the only step with plugin calls; the
 * manager stores the spec between {@link #check} and {@link #commit}.
 */
public interface ValidatedCommits {

    /** What {@link #check} accepted: the config with its two plugins, and the words for what committing does. */
    record Checked(GroupController.Binding binding, String details) {
    }

    /**
     * Looks up the config's plugins and runs their {@code Validate} (once each); words what a commit
     * would do from the controller's last observation (no {@code DescribeInstances}). Changes nothing.
     */
    Checked check(GroupConfig config);

    /** Starts or updates the group with what {@link #check} accepted, without validating again. */
    String commit(Checked checked);
}

package io.infrakit.spi.group;

/**
 * A plugin that receives the group controller's lifecycle hooks (Policy.Hooks with {@code Plugin}
 * instead of {@code Url}): told that a member of {@code group} is at {@code transition} ({@code launch}
 * or {@code terminate}). It answers later, as a Url hook's receiver does, with
 * {@code infrakit group hook complete} or the manager's {@code Manager.CompleteHook}; the controller
 * waits for that or the hook's Timeout. Failures are thrown as {@link io.infrakit.spi.PluginException}
 * (the hook then runs into its timeout).
 */
public interface LifecycleHookPlugin {

    void notify(String group, String instanceId, String transition);
}

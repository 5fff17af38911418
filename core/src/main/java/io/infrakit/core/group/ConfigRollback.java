package io.infrakit.core.group;

import io.infrakit.core.event.EventBus;
import io.infrakit.core.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * A group's automatic rollback (Policy.Update's rollback): commits the version before a failed config again,
 * through the manager's store when one is registered ({@link Rollbacks}), else the config its controller had
 * before. Runs on the actions executor, outside the controller's reconcile lock.
 */
final class ConfigRollback {

    // The controller's logger: these lines were always the controller's.
    private static final Logger LOG = LoggerFactory.getLogger(GroupController.class);

    private final GroupController controller;
    private final Supplier<Rollbacks> rollbacks;
    private final EventBus events;
    private final Runnable onWork;

    ConfigRollback(GroupController controller, Supplier<Rollbacks> rollbacks, EventBus events, Runnable onWork) {
        this.controller = controller;
        this.rollbacks = rollbacks;
        this.events = events;
        this.onWork = onWork;
    }

    /**
     * Commits the version before the config {@code failedHash} again, marked as a rollback: through the
     * manager's store when one is registered, else the config this controller had before. Publishes
     * ROLLED_BACK or ROLLBACK_FAILED; returns the event's message.
     */
    String rollBack(String failedHash, String reason) {
        String done = null;
        String error = null;
        Rollbacks r = rollbacks.get();
        if (r != null) {
            try {
                done = r.rollBack(controller.id(), failedHash, reason);
            } catch (RuntimeException e) {
                error = e.getMessage();
            }
        }
        if (done == null && error == null) {
            GroupController.Binding prev = controller.previous();
            GroupController.Binding now = controller.binding();
            if (prev != null && now.config().configHash().equals(failedHash)
                    && !prev.config().configHash().equals(failedHash)) {
                controller.expectRollback(prev.config().configHash(), reason);
                controller.update(prev, true);
                done = "config " + prev.config().configHash() + " (the one before, kept in memory: no manager stores"
                        + " this group's versions)";
            }
        }
        if (done == null) {
            String msg = (error != null ? "rollback failed: " + error : "no earlier version of group '" + controller.id()
                    + "' is known") + "; the update stays paused (" + reason + "): fix the spec and commit it again";
            LOG.warn("group={} {}", controller.id(), msg);
            events.publish(EventType.ROLLBACK_FAILED, controller.id(), null, msg);
            return msg;
        }
        String msg = "rolled back to " + done + " because " + reason;
        LOG.warn("group={} {}", controller.id(), msg);
        events.publish(EventType.ROLLED_BACK, controller.id(), null, msg);
        onWork.run();
        return msg;
    }
}

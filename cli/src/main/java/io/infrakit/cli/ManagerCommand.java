package io.infrakit.cli;

import io.infrakit.core.spec.InvalidSpecException;
import io.infrakit.spi.PluginException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import io.infrakit.spi.group.GroupPlugin;
import io.infrakit.spi.group.GroupSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Base of the commands that talk to the manager: one connection, and the project's exit codes
 * (0 ok, 1 failure, 2 bad usage or bad input) with the error on stderr.
 */
abstract class ManagerCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    final CliEnv env;

    ManagerCommand(CliEnv env) {
        this.env = env;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    abstract int run(ManagerClient manager) throws Exception;

    /**
     * What to report when a call about group {@code id} failed: "not found" in the one wording
     * all commands use when the group is not there, else the failure itself.
     */
    static PluginException aboutGroup(GroupPlugin groups, String id, PluginException failure) {
        try {
            List<String> ids = groups.inspectGroups().stream().map(GroupSpec::id).toList();
            return ids.contains(id) ? failure : Groups.notFound(id, ids, "infrakit get groups");
        } catch (PluginException e) {
            return failure;
        }
    }

    /** Opens the connection; {@code up} overrides it to start a daemon first. */
    ManagerClient connect() {
        return new ManagerClient(env.paths(), java.time.Duration.ofSeconds(30), env.remote()).inDaemon(env.caller().plugins());
    }

    @Override
    public Integer call() {
        try (ManagerClient manager = connect()) {
            return run(manager);
        } catch (InvalidSpecException e) {
            for (String p : e.problems()) {
                err().println("error: " + p);
            }
            err().println("nothing was committed");
            err().flush();
            return BAD_INPUT;
        } catch (BadInputException | IllegalArgumentException e) {
            // IllegalArgumentException: a plugin kind refusing an option value, a bad --opt form
            err().println("error: " + e.getMessage());
            err().flush();
            return BAD_INPUT;
        } catch (PluginException e) {
            err().println("error: " + e.getMessage());
            err().flush();
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        } catch (Exception e) {
            // no Java class names for users; INFRAKIT_DEBUG=1 prints the stack trace
            err().println("error: unexpected failure: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            if (env.variables().containsKey("INFRAKIT_DEBUG")) {
                e.printStackTrace(err());
            }
            err().flush();
            return FAILED;
        }
    }
}

package io.infrakit.cli;

import io.infrakit.core.spec.InvalidSpecException;
import io.infrakit.spi.PluginException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
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

    /** Opens the connection; {@code up} overrides it to start a daemon first. */
    ManagerClient connect() {
        return new ManagerClient(env.paths(), java.time.Duration.ofSeconds(30), env.remote());
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
        } catch (BadInputException e) {
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
            err().println("error: " + e);
            err().flush();
            return FAILED;
        }
    }
}

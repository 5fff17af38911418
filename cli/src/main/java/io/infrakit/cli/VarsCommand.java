package io.infrakit.cli;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.metadata.UpdatableMetadata;
import io.infrakit.spi.metadata.VarPaths;
import io.infrakit.spi.metadata.VarValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code infrakit vars get|set|ls|rm}: the manager's shared key/value store. */
@Command(name = "vars", description = {
        "Reads and writes the manager's shared key/value store (paths like deployments/swarm/jointoken).",
        "Deployments store step output there; group specs read it with {{ var \"PATH\" }}."},
        subcommands = {VarsCommand.Get.class, VarsCommand.Set.class, VarsCommand.Ls.class, VarsCommand.Rm.class})
final class VarsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: get, set, ls or rm");
    }

    /** A path from the command line, or bad input naming it. */
    static String key(String path) {
        try {
            return VarPaths.key(path);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    @Command(name = "get", description = "Prints the value at PATH (exit 1 when it is not set).")
    static final class Get extends ManagerCommand {
        @Parameters(paramLabel = "PATH", description = "e.g. deployments/swarm/jointoken")
        String path;

        @Option(names = "--version", description = "print the value's version (for set --expect) on a line before it")
        boolean version;

        Get(CliEnv env) {
            super(env);
        }

        @Override
        int run(ManagerClient manager) {
            String key = key(path);
            Optional<VarValue> v = manager.requireRunning().vars().get(key);
            if (v.isEmpty()) {
                err().println("error: key '" + key + "' is not set (infrakit vars ls lists the keys)");
                err().flush();
                return FAILED;
            }
            if (version) {
                out().println(v.get().version());
            }
            out().println(v.get().value());
            return OK;
        }
    }

    @Command(name = "set", description = "Sets PATH to VALUE; with --expect only if its version is still that one.")
    static final class Set extends ManagerCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;

        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        @Option(names = "--expect", paramLabel = "VERSION",
                description = "compare-and-swap: write only if the key is at this version (0: only if not set)")
        Long expect;

        Set(CliEnv env) {
            super(env);
        }

        @Override
        int run(ManagerClient manager) {
            String key = key(path);
            if (expect != null && expect < 0) {
                throw new BadInputException("--expect " + expect + " is not a version: give 0 (not set yet) or a version from vars get --version");
            }
            long v = manager.requireRunning().vars().put(key, value, expect == null ? UpdatableMetadata.ANY_VERSION : expect);
            out().println(key + " set (version " + v + ")");
            return OK;
        }
    }

    @Command(name = "ls", description = "Lists the keys under PATH (default: all); -l with their values.")
    static final class Ls extends ManagerCommand {
        @Parameters(paramLabel = "PATH", arity = "0..1")
        String path = "";

        @Option(names = {"-l", "--long"}, description = "every key below PATH with its value")
        boolean longForm;

        Ls(CliEnv env) {
            super(env);
        }

        @Override
        int run(ManagerClient manager) {
            try {
                VarPaths.segments(path);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            UpdatableMetadata vars = manager.requireRunning().vars();
            if (!longForm) {
                vars.keys(path).forEach(out()::println);
                return OK;
            }
            List<String> leaves = new ArrayList<>();
            walk(vars, String.join("/", VarPaths.segments(path)), leaves);
            Table t = new Table("KEY", "VERSION", "VALUE");
            for (String k : leaves) {
                vars.get(k).ifPresent(v -> t.row(k, Long.toString(v.version()), v.value().replace("\n", "\\n")));
            }
            t.lines(s -> s).forEach(out()::println);
            return OK;
        }

        /** Depth first: a path holding a value is listed, then its children (a path may be both). */
        private static void walk(UpdatableMetadata vars, String at, List<String> leaves) {
            if (!at.isEmpty() && vars.get(at).isPresent()) {
                leaves.add(at);
            }
            for (String c : vars.keys(at)) {
                walk(vars, at.isEmpty() ? c : at + "/" + c, leaves);
            }
        }
    }

    @Command(name = "rm", description = "Removes the value at PATH (exit 1 when it was not set).")
    static final class Rm extends ManagerCommand {
        @Parameters(paramLabel = "PATH")
        String path;

        Rm(CliEnv env) {
            super(env);
        }

        @Override
        int run(ManagerClient manager) {
            String key = key(path);
            if (!manager.requireRunning().vars().remove(key)) {
                throw new PluginException("key '" + key + "' is not set (infrakit vars ls lists the keys)");
            }
            out().println(key + " removed");
            return OK;
        }
    }
}

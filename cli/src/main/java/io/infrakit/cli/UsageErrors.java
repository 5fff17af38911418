package io.infrakit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a command line picocli cannot parse is answered: one {@code error:} line that names the word
 * at fault (an unknown option before a missing one: {@code --fiel} is why {@code --file} is
 * missing) with a "did you mean", then where the help is. Exit 2. No usage dump: it pushes the
 * error off the screen.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + message(ex, args));
        err.println("see: " + cmd.getCommandSpec().qualifiedName() + " --help");
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    static String message(CommandLine.ParameterException ex, String[] args) {
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        String unknown = firstUnknownOption(spec, args);
        if (unknown != null) {
            return "unknown option '" + unknown + "' for " + spec.qualifiedName() + Suggest.didYouMean(unknown, optionNames(spec));
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String word = u.getUnmatched().get(0);
            if (!spec.subcommands().isEmpty()) {
                return "'" + word + "' is not a command of " + spec.qualifiedName()
                        + Suggest.didYouMean(word, visibleSubcommands(spec)) + " (commands: " + Suggest.list(visibleSubcommands(spec)) + ")";
            }
            return "unexpected argument '" + word + "' for " + spec.qualifiedName();
        }
        return ex.getMessage();
    }

    /** The first word that looks like an option but is none of this command's (nor an inherited one). */
    static String firstUnknownOption(CommandSpec spec, String[] args) {
        Set<String> names = optionNames(spec);
        for (String a : args) {
            if (a.equals("--")) {
                return null;
            }
            if (!a.startsWith("-") || a.equals("-") || a.matches("-\\d+(\\.\\d+)?")) {
                continue;
            }
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (names.contains(name)) {
                continue;
            }
            // -fFILE or clustered short options: known when the first letter is a known short option
            if (!name.startsWith("--") && name.length() > 2 && names.contains(name.substring(0, 2))) {
                continue;
            }
            return name;
        }
        return null;
    }

    static Set<String> optionNames(CommandSpec spec) {
        Set<String> names = new LinkedHashSet<>();
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            for (OptionSpec o : s.options()) {
                if (s == spec || o.inherited() || o.scopeType() == CommandLine.ScopeType.INHERIT) {
                    names.addAll(List.of(o.names()));
                }
            }
        }
        return names;
    }

    static List<String> visibleSubcommands(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        spec.subcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden() && !names.contains(name)) {
                names.add(name);
            }
        });
        return names;
    }
}

package io.infrakit.cli;

import io.infrakit.cli.group.GroupCommand;
import io.infrakit.cli.instance.InstanceCommand;
import io.infrakit.cli.plugin.PluginCommand;
import io.infrakit.spi.PluginException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** Entry point of the {@code infrakit} executable. */
@Command(name = "infrakit", mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Keeps groups of instances matching their declared spec.")
public final class Main {

    /**
     * The top-level commands, in help order. Only the one invoked is registered with picocli (all of
     * them for help or an unknown word): building picocli's model of every command by reflection
     * was a large share of each short command's start-up.
     */
    private static final java.util.List<java.util.Map.Entry<String, Class<?>>> COMMANDS = java.util.List.of(
            java.util.Map.entry("version", VersionCommand.class),
            java.util.Map.entry("up", UpCommand.class),
            java.util.Map.entry("apply", ApplyCommand.class),
            java.util.Map.entry("plan", PlanCommand.class),
            java.util.Map.entry("get", GetCommand.class),
            java.util.Map.entry("describe", DescribeCommand.class),
            java.util.Map.entry("events", EventsCommand.class),
            java.util.Map.entry("status", StatusCommand.class),
            java.util.Map.entry("scale", ScaleCommand.class),
            java.util.Map.entry("rollback", RollbackCommand.class),
            java.util.Map.entry("history", HistoryCommand.class),
            java.util.Map.entry("rollout", RolloutCommand.class),
            java.util.Map.entry("explain", ExplainCommand.class),
            java.util.Map.entry("completion", CompletionCommand.class),
            java.util.Map.entry("__complete", CompleteCommand.class),
            java.util.Map.entry("destroy", DestroyCommand.class),
            java.util.Map.entry("plugin", PluginCommand.class),
            java.util.Map.entry("instance", InstanceCommand.class),
            java.util.Map.entry("group", GroupCommand.class),
            java.util.Map.entry("vars", VarsCommand.class),
            java.util.Map.entry("deploy", DeployCommand.class),
            java.util.Map.entry("controller", io.infrakit.cli.controller.ControllerCommand.class),
            java.util.Map.entry("help", CommandLine.HelpCommand.class),
            java.util.Map.entry("aot-training", AotTrainingCommand.class));

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (0 ok, 1 failure, 2 bad usage or input). */
    public static int run(String... args) {
        return run(CliEnv.system(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    @CommandLine.Option(names = "--host", paramLabel = "tcp://HOST:PORT", scope = CommandLine.ScopeType.INHERIT,
            description = "Reach a remote daemon (its --listen address) instead of local sockets; default $INFRAKIT_HOST "
                    + "(credentials: $INFRAKIT_TOKEN or $INFRAKIT_TLS_*, see docs/ha.md).")
    String host;

    /** Same, with the environment and output streams given (for tests). */
    public static int run(CliEnv given, PrintWriter out, PrintWriter err, String... argv) {
        CliEnv env = given;
        String[] args = argv;
        // --host is global: take it out here and hand it to commands as INFRAKIT_HOST.
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                rest.addAll(java.util.Arrays.asList(args).subList(i, args.length));
                break;
            } else if (a.equals("--host") && i + 1 < args.length) {
                env = env.with(io.infrakit.rpc.remote.RemoteTarget.HOST_ENV, args[++i]);
            } else if (a.startsWith("--host=")) {
                env = env.with(io.infrakit.rpc.remote.RemoteTarget.HOST_ENV, a.substring("--host=".length()));
            } else {
                rest.add(a);
            }
        }
        return execute(env, out, err, rest.toArray(String[]::new));
    }

    /**
     * The command tree: every command when {@code only} is null (help, tests), else just that one
     * (the lean start-up path), each with {@code -h, --help}.
     */
    static CommandLine commandLine(CliEnv env, String only) {
        CliFactory factory = new CliFactory(env);
        CommandLine cli = new CommandLine(new Main(), factory);
        for (java.util.Map.Entry<String, Class<?>> c : COMMANDS) {
            if (only == null || c.getKey().equals(only)) {
                try {
                    cli.addSubcommand(c.getKey(), factory.create(c.getValue()));
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create command " + c.getKey(), e);
                }
            }
        }
        HelpOptions.install(cli);
        return cli;
    }

    /** As picocli's AUTO decides for a terminal, with the caller's environment and terminal. */
    private static CommandLine.Help.Ansi helpColours(CliEnv env) {
        java.util.Map<String, String> v = env.variables();
        String force = v.get("CLICOLOR_FORCE");
        if (force != null && !force.equals("0")) {
            return CommandLine.Help.Ansi.ON;
        }
        boolean on = env.caller().stdoutIsTerminal() && !v.containsKey("NO_COLOR") && !"0".equals(v.get("CLICOLOR"));
        return on ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF;
    }

    private static int execute(CliEnv env, PrintWriter out, PrintWriter err, String... args) {
        if (args.length > 2 && args[0].equals("plugin") && args[1].equals("start")) { // (client commands never load it)
            Integer daemon = io.infrakit.cli.plugin.PluginStartCommand.fastPath(env, out, err, args);
            if (daemon != null) {
                return daemon;
            }
        }
        String word = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        boolean known = COMMANDS.stream().anyMatch(c -> c.getKey().equals(word));
        if (word != null && !known) {
            // Said here, before picocli: it would blame a later word ("Unmatched argument 'workers'").
            java.util.List<String> names = COMMANDS.stream().map(java.util.Map.Entry::getKey)
                    .filter(n -> !n.equals("aot-training") && !n.equals("__complete")).toList();
            err.println("error: '" + word + "' is not an infrakit command" + Suggest.didYouMean(word, names));
            err.println("see: infrakit --help (commands: " + String.join(", ", names) + ")");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        CommandLine cli = commandLine(env, word == null || word.equals("help") ? null : word);
        cli.setOut(out);
        cli.setErr(err);
        if (!env.caller().local()) {
            // Help colours follow the thin client's terminal, not the daemon's (which has none).
            cli.setColorScheme(CommandLine.Help.defaultColorScheme(helpColours(env)));
        }
        cli.setParameterExceptionHandler(new UsageErrors());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            int code;
            if (e instanceof BadInputException || e instanceof IllegalArgumentException) {
                w.println("error: " + e.getMessage());
                code = CommandLine.ExitCode.USAGE;
            } else if (e instanceof PluginException) {
                w.println("error: " + e.getMessage());
                code = CommandLine.ExitCode.SOFTWARE;
            } else {
                w.println("error: unexpected failure: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        + (env.variables().containsKey("INFRAKIT_DEBUG") ? "" : " (INFRAKIT_DEBUG=1 shows the details)"));
                if (env.variables().containsKey("INFRAKIT_DEBUG")) {
                    e.printStackTrace(w);
                }
                code = CommandLine.ExitCode.SOFTWARE;
            }
            w.flush();
            return code;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}

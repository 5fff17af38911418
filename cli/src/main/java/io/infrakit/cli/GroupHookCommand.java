package io.infrakit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code infrakit group hook complete ID INSTANCE continue|abandon}: answers a lifecycle hook (Policy.Hooks). */
@Command(name = "hook", mixinStandardHelpOptions = true, description = "Answers the lifecycle hooks of a group (Policy.Hooks).",
        subcommands = {GroupHookCommand.Complete.class})
public final class GroupHookCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: complete");
    }

    /** {@code infrakit group hook complete ID INSTANCE continue|abandon}. */
    @Command(name = "complete", mixinStandardHelpOptions = true,
            description = "Lets a member waiting for its launch or terminate hook go on (continue), or not (abandon: a launched"
                    + " member is destroyed and replaced).")
    public static final class Complete extends ManagerCommand {
        Complete(CliEnv env) {
            super(env);
        }

        @Parameters(index = "0", paramLabel = "ID", description = "The group.")
        String id;

        @Parameters(index = "1", paramLabel = "INSTANCE", description = "The member the hook waits for.")
        String instance;

        @Parameters(index = "2", paramLabel = "RESULT", description = "continue or abandon.")
        String result;

        @Override
        int run(ManagerClient manager) {
            if (!result.equals("continue") && !result.equals("abandon")) {
                throw new BadInputException("'" + result + "' is not a hook result: use continue or abandon");
            }
            manager.requireRunning();
            try {
                out().println(manager.api().completeHook(id, instance, result));
            } catch (io.infrakit.spi.PluginException e) {
                throw aboutGroup(manager.groups(), id, e);
            }
            out().flush();
            return OK;
        }
    }
}

package io.infrakit.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code infrakit completion bash|zsh}: a completion script. picocli writes the part that
 * completes commands and options from the command tree; ours, around it, completes group IDs
 * and plugin names by asking {@code infrakit __complete groups|plugins} at the moment of TAB.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a shell completion script for commands, options, group IDs and plugin names.",
                "bash: source <(infrakit completion bash)   (or save it under /etc/bash_completion.d/)",
                "zsh:  source <(infrakit completion zsh)    (uses zsh's bashcompinit)"})
final class CompletionCommand implements Callable<Integer> {

    private final CliEnv env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    CompletionCommand(CliEnv env) {
        this.env = env;
    }

    /** Where the group ID is the next word: the words after {@code infrakit}, up to the one being completed. */
    static final String[] GROUP_CONTEXTS = {"describe group", "history", "rollback", "scale", "rollout status", "destroy group",
            "get instances", "group describe", "group inspect", "group scale", "group destroy", "group free",
            "group destroy-instances"};

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new BadInputException("shell '" + shell + "' is not supported: use bash or zsh");
        }
        CommandLine full = Main.commandLine(env, null);
        String script = AutoComplete.bash("infrakit", full);
        // One script serves both shells: picocli's part turns on bashcompinit itself under zsh.
        StringBuilder out = new StringBuilder();
        out.append(script).append('\n').append(dynamicPart());
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Group IDs and plugin names, asked of the running daemon; everything else goes to picocli's function. */
    static String dynamicPart() {
        StringBuilder cases = new StringBuilder();
        for (String c : GROUP_CONTEXTS) {
            cases.append(cases.isEmpty() ? "" : "|").append('"').append(c).append('"');
        }
        return """
                # infrakit: group IDs and plugin names come from the running daemon (infrakit __complete).
                _infrakit_dynamic() {
                  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" kind=""
                  local before="${COMP_WORDS[*]:1:COMP_CWORD-1}"
                  case "$prev" in
                    --group|-g) kind=groups ;;
                    --plugin) kind=plugins ;;
                  esac
                  if [ -z "$kind" ]; then
                    case "$before" in
                      %s) kind=groups ;;
                    esac
                  fi
                  if [ -n "$kind" ]; then
                    local IFS=$'\\n'
                    COMPREPLY=( $(compgen -W "$(command "${COMP_WORDS[0]}" __complete "$kind" 2>/dev/null)" -- "$cur") )
                    return 0
                  fi
                  _complete_infrakit "$@"
                }
                complete -F _infrakit_dynamic -o default infrakit
                """.formatted(cases);
    }
}

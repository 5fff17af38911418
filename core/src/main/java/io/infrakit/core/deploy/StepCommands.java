package io.infrakit.core.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The argv a step runs as, pure. Guests give us no TTY and often no useful PATH, so every
 * command states what it needs: everything runs under {@code /bin/sh -c}, which first exports PATH
 * and the step's environment and changes to its working directory; an upload's
 * content travels as an argument (not on stdin, which exec paths do not all have).
 */
public final class StepCommands {

    /** A PATH for guests whose agent starts commands with none (qemu-ga does). */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private StepCommands() {
    }

    /** The command for a step whose texts are already rendered: always {@code /bin/sh -c}, the one program every guest has. */
    public static List<String> argv(Step s) {
        String prelude = exports(s.env()) + cd(s.workdir());
        return switch (s.kind()) {
            case RUN -> List.of("/bin/sh", "-c", prelude + s.shell());
            case EXEC -> {
                List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", prelude + "exec \"$@\"", "sh"));
                cmd.addAll(s.argv());
                yield cmd;
            }
            case UPLOAD -> List.of("/bin/sh", "-c",
                    prelude + "mkdir -p -- \"$(dirname -- \"$1\")\" && printf '%s' \"$2\" > \"$1\"", "sh", s.to(), s.content());
            case DOWNLOAD -> List.of("/bin/sh", "-c", prelude + "cat -- \"$1\"", "sh", s.from());
        };
    }

    private static String exports(Map<String, String> env) {
        StringBuilder b = new StringBuilder("export PATH=" + quote(env.getOrDefault("PATH", DEFAULT_PATH)) + "; ");
        env.forEach((k, v) -> {
            if (!k.equals("PATH")) {
                b.append("export ").append(k).append('=').append(quote(v)).append("; ");
            }
        });
        return b.toString();
    }

    private static String cd(String workdir) {
        return workdir == null ? "" : "cd -- " + quote(workdir) + " && ";
    }

    /** Single-quoted for sh. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}

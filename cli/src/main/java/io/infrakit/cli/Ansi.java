package io.infrakit.cli;

import java.util.Map;
import java.util.Set;

/**
 * Colour and cursor moves, on a terminal only: never when the output is piped or redirected,
 * nor with {@code NO_COLOR} set (https://no-color.org) or {@code TERM=dumb}.
 */
final class Ansi {

    private static final Set<String> GOOD = Set.of("Converged", "Running", "Healthy", "reachable");
    private static final Set<String> BUSY = Set.of("Updating", "Converging", "Scaling", "Outdated", "Initializing", "Unknown");
    private static final Set<String> BAD = Set.of("Unreachable", "Damaged", "Unhealthy", "Paused", "InitFailed", "missing");

    final boolean enabled;

    private Ansi(boolean enabled) {
        this.enabled = enabled;
    }

    static Ansi off() {
        return new Ansi(false);
    }

    static Ansi forStdout(CliEnv env) {
        Map<String, String> v = env.variables();
        if (v.containsKey("NO_COLOR") || "dumb".equals(v.get("TERM"))) {
            return off();
        }
        return new Ansi(env.caller().stdoutIsTerminal());
    }

    /** A status word in green, yellow or red; anything else as it is. */
    String paint(String cell) {
        if (!enabled) {
            return cell;
        }
        String code = GOOD.contains(cell) ? "32" : BUSY.contains(cell) ? "33" : BAD.contains(cell) ? "31" : null;
        return code == null ? cell : "\033[" + code + "m" + cell + "\033[0m";
    }

    /** Moves the cursor up over {@code lines} printed lines and clears from there down. */
    String rewind(int lines) {
        return lines <= 0 ? "" : "\033[" + lines + "A\r\033[J";
    }

}

package io.infrakit.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --host} as the full CLI takes it (its {@code Main.run}): anywhere before {@code --}, as
 * {@code --host ADDRESS} or {@code --host=ADDRESS}, else {@code INFRAKIT_HOST}. A class of its own,
 * apart from {@link RemoteDaemon}: the local path asks it too, and must not load TLS classes.
 */
final class HostOption {

    private HostOption() {
    }

    /** The remote daemon named, as the full CLI takes it: {@code --host} (before {@code --}), else INFRAKIT_HOST; or null. */
    static String named(String[] args, Map<String, String> env) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            } else if (a.equals("--host") && i + 1 < args.length) {
                return args[i + 1];
            } else if (a.startsWith("--host=")) {
                return a.substring("--host=".length());
            }
        }
        String host = env.get("INFRAKIT_HOST");
        return host == null || host.isBlank() ? null : host;
    }

    /** The arguments without {@code --host} and its value (the daemon runs the command where it is). */
    static String[] withoutHost(String[] args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                rest.addAll(List.of(args).subList(i, args.length));
                break;
            } else if (a.equals("--host") && i + 1 < args.length) {
                i++;
            } else if (!a.startsWith("--host=")) {
                rest.add(a);
            }
        }
        return rest.toArray(new String[0]);
    }

}

package io.infrakit.cli.instance;

import io.infrakit.cli.BadInputException;
import io.infrakit.cli.CliEnv;
import io.infrakit.rpc.binding.InstanceExecRpc;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.client.SimpleUnixHttp;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceExec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code infrakit instance exec --plugin libvirt ID -- CMD...}: runs a command inside an instance
 * without SSH (libvirt: through the QEMU guest agent), prints its output and exits with its exit code.
 */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Runs a command inside an instance (no SSH needed); prints its output and exits with its exit code.",
        footer = {"", "Example: infrakit instance exec --plugin libvirt infrakit-1a2b3c4d -- /bin/sh -c 'uname -a'"})
public final class InstanceExecCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginOption plugin;

    @Parameters(index = "0", paramLabel = "ID", description = "The instance.")
    String instance;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD",
            description = "Program and arguments, after --; run directly (use /bin/sh -c '...' for a shell).")
    List<String> command = new ArrayList<>();

    private final CliEnv env;

    InstanceExecCommand(CliEnv env) {
        this.env = env;
    }

    /** {@code --timeout} (shared with the other instance commands) is how long the command may run. */
    @Override
    public Integer call() {
        Duration timeout = plugin.timeout();
        if (timeout.toSeconds() < 1) {
            throw new BadInputException("--timeout '" + plugin.timeout + "': exec needs at least 1s (the guest agent counts in seconds)");
        }
        // The call waits as long as the command may run, plus slack for the round trip.
        try (PluginRegistry registry = new PluginRegistry(env.paths(), RpcInterfaces.standard().with(new InstanceExecRpc()),
                timeout.plusSeconds(30), new SimpleUnixHttp())) {
            InstanceExec target = registry.lookup(plugin.name, InstanceExec.class);
            ExecResult result = target.exec(instance, command, timeout);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            out.print(result.stdout());
            out.flush();
            err.print(result.stderr());
            err.flush();
            return result.exitCode();
        }
    }
}

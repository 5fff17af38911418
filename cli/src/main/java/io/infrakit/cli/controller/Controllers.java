package io.infrakit.cli.controller;

import io.infrakit.cli.CliEnv;
import io.infrakit.rpc.binding.ControllerRpc;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.client.SimpleUnixHttp;
import io.infrakit.rpc.registry.PluginRegistry;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.controller.Controller;

import java.io.PrintWriter;
import java.time.Duration;

/** Opens the controller plugin of a kind (socket named as the kind unless --plugin says), over its socket. */
final class Controllers implements AutoCloseable {

    private final PluginRegistry registry;
    final Controller controller;

    Controllers(CliEnv env, String plugin) {
        registry = new PluginRegistry(env.paths(), RpcInterfaces.standard().with(new ControllerRpc()), Duration.ofSeconds(30),
                new SimpleUnixHttp());
        try {
            registry.remote(env.remote());
            controller = registry.lookup(plugin, Controller.class);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /** Prints a controller's refusal or failure; a refused spec is bad input (2), anything else a failure (1). */
    static int report(PrintWriter err, RuntimeException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println("infrakit: " + text);
        err.flush();
        return e instanceof PluginException && text.contains("spec is refused") ? 2 : 1;
    }

    @Override
    public void close() {
        registry.close();
    }
}

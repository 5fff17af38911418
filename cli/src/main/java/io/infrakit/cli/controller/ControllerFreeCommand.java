package io.infrakit.cli.controller;

import io.infrakit.cli.CliEnv;
import io.infrakit.spi.controller.ControllerObject;
import io.infrakit.spi.controller.Metadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code infrakit controller free PLUGIN NAME}: stops a controller object (what it made is left as it is). */
@Command(name = "free", mixinStandardHelpOptions = true,
        description = "Stops a controller's object NAME; balancers, enrollments and sizes are left as they are.")
public final class ControllerFreeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLUGIN", description = "The controller plugin: ingress, enrollment, autoscale.")
    String plugin;

    @Parameters(index = "1", paramLabel = "NAME", description = "The object's metadata.name.")
    String name;

    private final CliEnv env;

    ControllerFreeCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        try (Controllers c = new Controllers(env, plugin)) {
            List<ControllerObject> freed = c.controller.free(Metadata.named(name));
            if (freed.isEmpty()) {
                spec.commandLine().getErr().println("infrakit: " + plugin + " has no object '" + name
                        + "': see infrakit controller describe " + plugin);
                return 2;
            }
            spec.commandLine().getOut().println("Freed " + plugin + " " + name);
            return 0;
        } catch (RuntimeException e) {
            return Controllers.report(spec.commandLine().getErr(), e);
        }
    }
}

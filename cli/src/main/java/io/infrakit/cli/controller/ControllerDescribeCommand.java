package io.infrakit.cli.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.infrakit.cli.CliEnv;
import io.infrakit.spi.controller.ControllerObject;
import io.infrakit.spi.controller.Metadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code infrakit controller describe PLUGIN [NAME]}: the committed objects with their state, as JSON. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Shows a controller's objects (all, or NAME) with their current state, as JSON.")
public final class ControllerDescribeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLUGIN", description = "The controller plugin: ingress, enrollment, autoscale.")
    String plugin;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "One object's metadata.name.")
    String name;

    private final CliEnv env;

    ControllerDescribeCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Controllers c = new Controllers(env, plugin)) {
            List<ControllerObject> objects = c.controller.describe(Metadata.named(name));
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(objects));
            return 0;
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return Controllers.report(spec.commandLine().getErr(), e instanceof RuntimeException r ? r : new RuntimeException(e.getMessage()));
        }
    }
}

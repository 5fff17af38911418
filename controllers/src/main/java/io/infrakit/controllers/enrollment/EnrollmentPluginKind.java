package io.infrakit.controllers.enrollment;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;

import java.time.Clock;

/** {@code infrakit plugin start enrollment}: the enrollment controller on socket {@code enrollment} (Controller/0.1.1). */
public final class EnrollmentPluginKind implements PluginKind {

    @Override
    public String name() {
        return EnrollmentController.KIND;
    }

    @Override
    public String description() {
        return "enrollment controller: keeps a group's members enrolled in another instance plugin (kind: enrollment)";
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        EnrollmentController c = new EnrollmentController(context.plugins(), Clock.systemUTC());
        return RunningPlugin.single(EnrollmentController.KIND, c, c);
    }
}

package io.infrakit.controllers.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.controllers.GroupMembers;
import io.infrakit.controllers.SpecController;
import io.infrakit.controllers.SpecProblems;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.plugin.PluginLookup;

import java.time.Clock;
import java.util.List;

/**
 * The enrollment controller ({@code kind: enrollment}, Controller/0.1.1): keeps the members of a
 * source group enrolled in another instance plugin (allowed NFS clients, a DNS record set, ...).
 */
public final class EnrollmentController extends SpecController<EnrollmentSpec, ManagedEnrollment> {

    public static final String KIND = "enrollment";

    private final PluginLookup plugins;
    private final Clock clock;

    public EnrollmentController(PluginLookup plugins, Clock clock) {
        super(KIND);
        this.plugins = plugins;
        this.clock = clock;
    }

    @Override
    protected EnrollmentSpec check(ControllerSpec spec, SpecProblems p) {
        EnrollmentSpec parsed = EnrollmentSpec.parse(spec, p);
        if (parsed.source() != null) {
            try {
                new GroupMembers(plugins).check(parsed.source());
            } catch (RuntimeException e) {
                p.add("properties.List", "'" + parsed.source() + "': " + e.getMessage());
            }
        }
        if (!parsed.plugin().isBlank()) {
            try {
                // The downstream plugin checks one enrollment's properties, rendered for a sample key.
                plugins.instance(parsed.plugin()).validate(ManagedEnrollment.render(parsed.properties(), "sample"));
            } catch (RuntimeException e) {
                p.add("properties.Instance", "'" + parsed.plugin() + "': " + e.getMessage());
            }
        }
        return parsed;
    }

    @Override
    protected String name(EnrollmentSpec parsed) {
        return parsed.name();
    }

    @Override
    protected ManagedEnrollment start(EnrollmentSpec parsed) {
        return new ManagedEnrollment(parsed, plugins, clock);
    }

    @Override
    protected JsonNode state(ManagedEnrollment running) {
        return running.state();
    }

    @Override
    protected List<String> describePlan(EnrollmentSpec parsed) {
        return List.of("keep every member of " + parsed.source() + " enrolled in " + parsed.plugin());
    }
}

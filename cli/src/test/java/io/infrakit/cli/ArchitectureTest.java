package io.infrakit.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules of the design, enforced (docs/architecture.md): no package cycle, the group
 * controller knows no protocol, the planner is pure. It lives in the cli module because cli's test
 * class path holds the main classes of every module (spi, rpc, core, flavors, providers, stores),
 * so one test sees every arrow; bench, which sits above cli, adds no package others import.
 */
class ArchitectureTest {

    /** Main classes only: test doubles (and the etcd test-jar) may cut corners that code may not. */
    private static final ImportOption MAIN_ONLY = location -> !location.contains("/test-classes/")
            && !location.contains("-tests.jar");

    static JavaClasses infrakit;

    @BeforeAll
    static void importClasses() {
        infrakit = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(MAIN_ONLY)
                .importPackages("io.infrakit");
    }

    @Test
    void theImportSeesEveryModule() {
        // A rule over too few classes passes for the wrong reason: make sure every module is in.
        assertThat(infrakit.stream().map(c -> c.getPackageName()).distinct())
                .contains("io.infrakit.spi", "io.infrakit.rpc.binding", "io.infrakit.core.group",
                        "io.infrakit.core.manager", "io.infrakit.vanilla", "io.infrakit.simulator",
                        "io.infrakit.docker", "io.infrakit.libvirt", "io.infrakit.etcd", "io.infrakit.cli",
                        "io.infrakit.vsphere", "io.infrakit.vsphere.vim");
    }

    /**
     * Each package is a slice; no two may reach each other. The composition root {@code cli.Main}
     * is forgiven its downward arrows (every other arrow between those packages still counts): it
     * registers the command tree, whose subcommands (cli.group, cli.instance, cli.plugin) use the
     * root package's helpers. Moving it into a package of its own would end the exception.
     * (core.manager.store holds the store interfaces with their file implementations, so the
     * manager reaches down into it and nothing there reaches back.)
     */
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.infrakit.(**)").should().beFreeOfCycles()
            .ignoreDependency(nameMatching("io\\.infrakit\\.cli\\.Main(\\$.*)?"), resideInAPackage("io.infrakit.cli.."));

    /** The controller reconciles through the SPI; plugins in another process are the lookup's business. */
    static final ArchRule GROUP_KNOWS_NO_PROTOCOL = noClasses().that().resideInAPackage("io.infrakit.core.group..")
            .should().dependOnClassesThat().resideInAPackage("io.infrakit.rpc..");

    /** The planner is a pure function of spi values: no I/O, no JSON, no threads of ours. */
    static final ArchRule PLAN_IS_PURE = classes().that().resideInAPackage("io.infrakit.core.group.plan..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("io.infrakit.core.group.plan..", "io.infrakit.spi..", "java..")
            // The package is being carved out of core.group; until it has classes the rule has nothing to check.
            .allowEmptyShould(true);

    @Test
    void noPackageCycles() {
        NO_PACKAGE_CYCLES.check(infrakit);
    }

    @Test
    void coreGroupImportsNoRpc() {
        GROUP_KNOWS_NO_PROTOCOL.check(infrakit);
    }

    @Test
    void corePlanImportsOnlySpiAndJava() {
        PLAN_IS_PURE.check(infrakit);
    }
}

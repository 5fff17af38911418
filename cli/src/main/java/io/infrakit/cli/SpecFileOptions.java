package io.infrakit.cli;

import io.infrakit.core.spec.GroupSpecValidator;
import io.infrakit.core.spec.PluginCatalog;
import io.infrakit.core.spec.SpecReader;
import io.infrakit.spi.group.GroupSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --var name=value}, shared by the commands that read spec files, and the reading itself:
 * every command goes through the one {@link SpecReader} (templates, JSON or YAML, both of
 * InfraKit's shapes, {@code -} for stdin, a folder of files).
 */
public final class SpecFileOptions {

    private final CliEnv env;

    public SpecFileOptions(CliEnv env) {
        this.env = env;
    }

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "Template variable for spec files ({{ NAME }}); overrides an environment variable of that name.")
    List<String> vars = new ArrayList<>();

    @Option(names = "--allow-large", description = "Do not stop at the size ceiling here (10,000 instances per group, or"
            + " INFRAKIT_MAX_SIZE): the daemon's ceiling (--opt manager.max-size=N) decides.")
    boolean allowLarge;

    Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        for (String kv : vars) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("--var '" + kv + "' is not NAME=VALUE: write e.g. --var size=3");
            }
            v.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return SpecReader.variables(env.variables(), v);
    }

    /** A reader with these variables; {@code plugins} checks plugin names, or null to leave that to the manager. */
    public SpecReader reader(PluginCatalog plugins) {
        int ceiling = allowLarge ? Integer.MAX_VALUE
                : GroupSpecValidator.maxSize(env.variables().get(GroupSpecValidator.MAX_SIZE_ENV));
        return new SpecReader(variables(), plugins, env.caller().sources(), new GroupSpecValidator(ceiling));
    }

    List<GroupSpec> parse(List<Path> files, ManagerClient manager, java.util.Collection<String> alsoKnownPlugins) {
        // {{ var "PATH" }} reads the manager's key/value store, asked only when a spec uses it.
        return reader(manager.catalog(alsoKnownPlugins))
                .withVars(key -> manager.vars().get(key).map(io.infrakit.spi.metadata.VarValue::value))
                .readFiles(files, env.caller().stdin());
    }
}

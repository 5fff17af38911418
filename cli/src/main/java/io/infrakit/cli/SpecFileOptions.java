package io.infrakit.cli;

import io.infrakit.core.manager.SpecParser;
import io.infrakit.spi.group.GroupSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --var name=value}, shared by the commands that read spec files. */
final class SpecFileOptions {

    private final CliEnv env;

    SpecFileOptions(CliEnv env) {
        this.env = env;
    }

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "Template variable for spec files ({{ NAME }}); overrides an environment variable of that name.")
    List<String> vars = new ArrayList<>();

    Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        for (String kv : vars) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("--var '" + kv + "' is not NAME=VALUE: write e.g. --var size=3");
            }
            v.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return SpecParser.variables(env.variables(), v);
    }

    List<GroupSpec> parse(List<Path> files, ManagerClient manager, Collection<String> alsoKnownPlugins) {
        return new SpecParser(variables(), manager.catalog(alsoKnownPlugins)).parseFiles(files);
    }
}

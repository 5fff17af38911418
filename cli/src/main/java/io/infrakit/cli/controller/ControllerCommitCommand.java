package io.infrakit.cli.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.infrakit.cli.CliEnv;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.controller.Operation;
import io.infrakit.spi.controller.PlanResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code infrakit controller commit FILE [--plugin NAME] [--pretend]}. */
@Command(name = "commit", mixinStandardHelpOptions = true,
        description = {"Commits controller specs (kind: ingress, enrollment or autoscale; YAML or JSON, several",
                "documents allowed, \"-\" for stdin) to the plugin serving each kind: socket ingress, enrollment,",
                "autoscale, unless --plugin names another. A refused spec changes nothing and exits 2."})
public final class ControllerCommitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The spec file, or - for stdin.")
    String file;

    @Option(names = "--plugin", paramLabel = "NAME", description = "The controller plugin (default: the spec's kind).")
    String plugin;

    @Option(names = "--pretend", description = "Only say what would happen; change nothing.")
    boolean pretend;

    private final CliEnv env;

    ControllerCommitCommand(CliEnv env) {
        this.env = env;
    }

    static List<ControllerSpec> read(String file, InputStream stdin) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<ControllerSpec> out = new ArrayList<>();
        try (InputStream in = file.equals("-") ? stdin : Files.newInputStream(Path.of(file));
             MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(in)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                if (!doc.isObject() || !doc.path("kind").isTextual()) {
                    throw new IOException("document " + (out.size() + 1) + " has no kind: write kind: ingress, enrollment or autoscale");
                }
                out.add(yaml.treeToValue(doc, ControllerSpec.class));
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no spec found: write a document with kind, metadata.name and properties");
        }
        return out;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ControllerSpec> specs;
        try {
            specs = read(file, System.in);
        } catch (IOException | RuntimeException e) {
            err.println("infrakit: " + file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("")));
            err.flush();
            return 2;
        }
        for (ControllerSpec s : specs) {
            String target = plugin != null ? plugin : s.kind();
            try (Controllers c = new Controllers(env, target)) {
                if (pretend) {
                    PlanResult plan = c.controller.plan(Operation.ENFORCE, s);
                    out.println("Committing " + s.kind() + " " + s.name() + " would: "
                            + String.join("; ", plan.plan() == null ? List.of() : plan.plan().message()));
                } else {
                    c.controller.commit(Operation.ENFORCE, s);
                    out.println("Committed " + s.kind() + " " + s.name() + " to " + target);
                }
            } catch (RuntimeException e) {
                return Controllers.report(err, e);
            }
        }
        return 0;
    }
}

package io.infrakit.cli;

import io.infrakit.core.spec.GroupSchema;
import io.infrakit.rpc.host.PluginHost;
import io.infrakit.spi.Suggestions;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.schema.Field;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code infrakit explain group.Allocation}: what a field of a group spec, or of a built-in
 * plugin's properties, is. Read from the same schema the validators check against (see
 * docs/cli.md "Explain"), so help and checks never disagree.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Describes the fields of a group spec or of a built-in plugin's Properties.",
                "TARGET: group, group.Allocation, group.Policy.MaxSurge, ..., or simulator, vanilla, docker, libvirt, docker.Config, ...",
                "Shows type, required, default, meaning and the fields inside. No daemon needed."})
final class ExplainCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TARGET", description = "group[.FIELD...] or KIND[.FIELD...], e.g. group.Allocation or vanilla.")
    String target;

    @Option(names = {"-r", "--recursive"}, description = "Show every field below, as a tree.")
    boolean recursive;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String[] parts = target.split("\\.");
        Map<String, Field> roots = roots();
        Field field = roots.get(parts[0]);
        if (field == null) {
            throw new BadInputException("cannot explain '" + parts[0] + "': explain group, or a plugin kind that describes its properties: "
                    + String.join(", ", roots.keySet().stream().filter(k -> !k.equals("group")).toList())
                    + suggestion(parts[0], roots.keySet()));
        }
        StringBuilder path = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            Optional<Field> next = field.child(parts[i]);
            if (next.isEmpty()) {
                throw new BadInputException(field.children().isEmpty()
                        ? path + " (" + field.type() + ") has no fields inside"
                        : path + " has no field '" + parts[i] + "'" + suggestion(parts[i], field.childNames())
                        + " (its fields: " + String.join(", ", field.childNames()) + ")");
            }
            field = next.get();
            path.append('.').append(parts[i]);
        }
        out.println(path + "  (" + attributes(field) + ")");
        if (!field.description().isBlank()) {
            out.println("  " + field.description());
        }
        if (!field.children().isEmpty()) {
            out.println();
            out.println("FIELDS");
            if (recursive) {
                tree(out, field, "  ");
            } else {
                Table t = new Table("  NAME", "TYPE", "REQUIRED", "DEFAULT", "DESCRIPTION");
                for (Field c : field.children()) {
                    t.row("  " + c.name(), c.type(), c.required() ? "yes" : "", c.defaultValue() == null ? "" : c.defaultValue(),
                            c.description());
                }
                t.print(out);
                if (field.children().stream().anyMatch(c -> !c.children().isEmpty())) {
                    out.println("(infrakit explain " + path + ".FIELD for one field, --recursive for all)");
                }
            }
        }
        out.flush();
        return 0;
    }

    /** {@code group} and every installed plugin kind that describes its properties, by name. */
    static Map<String, Field> roots() {
        Map<String, Field> roots = new TreeMap<>();
        roots.put("group", GroupSchema.group());
        for (Map.Entry<String, PluginKind> k : PluginHost.installedKinds().entrySet()) {
            k.getValue().propertiesSchema().ifPresent(f -> roots.put(k.getKey(), f));
        }
        return roots;
    }

    private static String attributes(Field f) {
        List<String> a = new ArrayList<>();
        a.add(f.type());
        if (f.required()) {
            a.add("required");
        }
        if (f.defaultValue() != null) {
            a.add("default " + f.defaultValue());
        }
        return String.join(", ", a);
    }

    private static void tree(PrintWriter out, Field f, String indent) {
        for (Field c : f.children()) {
            out.println(indent + c.name() + "  (" + attributes(c) + ")" + (c.description().isBlank() ? "" : "  " + c.description()));
            tree(out, c, indent + "  ");
        }
    }

    /** The closest known name (case aside, or one or two letters off), as a hint; empty when none is close. */
    static String suggestion(String word, java.util.Collection<String> known) {
        return Suggestions.closest(word, known, 2).map(best -> ": did you mean " + best + "?").orElse("");
    }
}

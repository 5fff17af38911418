package io.infrakit.core.spec;

import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code var} template function: {@code {{ var "deployments/swarm/jointoken" }}} (Go's call
 * form, as InfraKit wrote it) or {@code {{ var("...") }}} (Pebble's), the value of a key in the
 * manager's shared key/value store. An unset key is an error naming it.
 */
final class VarFunction extends AbstractExtension implements Function {

    /** Go's call form, rewritten to Pebble's before rendering. */
    private static final Pattern GO_FORM = Pattern.compile("\\{\\{(-?)\\s*var\\s+\"([^\"]*)\"\\s*(-?)}}");
    /** Any reference, either form: group 1 is the key. */
    private static final Pattern ANY_FORM = Pattern.compile("\\bvar\\s*\\(?\\s*\"([^\"]*)\"");

    private final java.util.function.Function<String, Optional<String>> lookup;

    VarFunction(java.util.function.Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    static String toPebble(String text) {
        Matcher m = GO_FORM.matcher(text);
        return m.replaceAll(r -> Matcher.quoteReplacement("{{" + r.group(1) + " var(\"" + r.group(2) + "\") " + r.group(3) + "}}"));
    }

    /** The keys a text refers to with {@code var}, in order. */
    static List<String> references(String text) {
        return ANY_FORM.matcher(text).results().map(r -> r.group(1)).toList();
    }

    @Override
    public Map<String, Function> getFunctions() {
        return Map.of("var", this);
    }

    @Override
    public List<String> getArgumentNames() {
        return List.of("path");
    }

    @Override
    public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int lineNumber) {
        Object path = args.get("path");
        if (path == null) {
            throw new IllegalArgumentException("line " + lineNumber + ": var needs a key, e.g. {{ var \"deployments/swarm/jointoken\" }}");
        }
        return lookup.apply(path.toString()).orElseThrow(() -> new IllegalArgumentException("line " + lineNumber
                + ": key '" + path + "' is not set in the manager's key/value store: set it with infrakit vars set "
                + path + " VALUE, or run the deployment that stores it first"));
    }
}

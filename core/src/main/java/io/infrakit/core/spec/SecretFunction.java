package io.infrakit.core.spec;

import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.util.List;
import java.util.Map;

/**
 * {@code {{ secret "db-password" }}} (or {@code secret("db-password")}) in a spec template: renders
 * the reference {@code <secret:db-password>}, never the value. The reference is what is planned,
 * stored, described and logged; the group controller puts the value in only when it hands the
 * instance spec to the plugin ({@link Secrets}).
 */
final class SecretFunction extends AbstractExtension implements Function {

    @Override
    public Map<String, Function> getFunctions() {
        return Map.of("secret", this);
    }

    @Override
    public List<String> getArgumentNames() {
        return List.of("name");
    }

    @Override
    public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int lineNumber) {
        Object name = args.get("name");
        if (!(name instanceof String s) || !Secrets.NAME.matcher(s).matches()) {
            throw new IllegalArgumentException("secret: the name must be 1 to 63 letters, digits, '.', '_' or '-'"
                    + " (e.g. {{ secret \"db-password\" }}), got " + (name == null ? "nothing" : "'" + name + "'"));
        }
        return Secrets.reference(s);
    }
}

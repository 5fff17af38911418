package io.infrakit.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.infrakit.rpc.SecretFiles;
import io.infrakit.spi.PluginException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secret references ({@code <secret:NAME>}, what {@code {{ secret "NAME" }}} renders) and their
 * values. A value is looked up when it is used, never stored: first the file
 * {@code $INFRAKIT_HOME/secrets/NAME} (the folder the owner's only, the file 0600, both owned by
 * this user: others' files are refused as {@link SecretFiles} refuses them), then the environment
 * variable {@code INFRAKIT_SECRET_NAME} (upper case, '-' and '.' as '_').
 */
public final class Secrets {

    /** What a secret's name may be. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    /** A reference inside any text of a spec. */
    public static final Pattern REFERENCE = Pattern.compile("<secret:([A-Za-z0-9][A-Za-z0-9._-]{0,62})>");
    public static final String ENV_PREFIX = "INFRAKIT_SECRET_";

    private final Path folder;
    private final Map<String, String> env;

    /** Secrets of the home {@code home} ({@code home/secrets}) and of the environment {@code env}. */
    public Secrets(Path home, Map<String, String> env) {
        this.folder = home.resolve("secrets");
        this.env = Map.copyOf(env);
    }

    public static String reference(String name) {
        return "<secret:" + name + ">";
    }

    /** The environment variable that can hold secret {@code name}. */
    public static String envName(String name) {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /** The names referenced anywhere in {@code node} (keys are not looked at: a secret is a value). */
    public static Set<String> referenced(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        collect(node, names);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            Matcher m = REFERENCE.matcher(node.asText());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        for (JsonNode child : node) {
            collect(child, names);
        }
    }

    /** Whether secret {@code name} has a value here; the reason when not (for messages, never the value). */
    public String missing(String name) {
        try {
            value(name);
            return null;
        } catch (PluginException e) {
            return e.getMessage();
        }
    }

    /** The value of secret {@code name}. */
    public String value(String name) {
        Path file = folder.resolve(name);
        if (Files.exists(file)) {
            SecretFiles.requirePrivate(folder, "secrets folder");
            SecretFiles.requirePrivate(file, "secret file");
            try {
                String v = Files.readString(file, StandardCharsets.UTF_8);
                // One trailing newline is how editors and `echo` end a file; it is not part of the secret.
                return v.endsWith("\n") ? v.substring(0, v.length() - (v.endsWith("\r\n") ? 2 : 1)) : v;
            } catch (IOException e) {
                throw new PluginException("secret '" + name + "': " + file + " cannot be read (" + e.getMessage() + ")");
            }
        }
        String v = env.get(envName(name));
        if (v != null) {
            return v;
        }
        throw new PluginException("secret '" + name + "' is not set: put it in " + file + " (chmod 600, in a folder"
                + " of mode 700) or set " + envName(name) + " in the daemon's environment");
    }

    /** {@code text} with every reference replaced by its value. */
    public String resolve(String text) {
        if (text == null || !text.contains("<secret:")) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A copy of {@code node} with every reference in its text values replaced by its value. */
    public JsonNode resolve(JsonNode node) {
        if (node == null || referenced(node).isEmpty()) {
            return node;
        }
        return replace(node.deepCopy());
    }

    private JsonNode replace(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(resolve(node.asText()));
        }
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(replace(e.getValue()));
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, replace(a.get(i)));
            }
        }
        return node;
    }
}

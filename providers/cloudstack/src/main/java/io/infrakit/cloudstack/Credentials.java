package io.infrakit.cloudstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A CloudStack account's API key and secret key. Neither is ever logged: {@link #toString()}
 * shows only the first characters of the API key, and errors name where a key came from, never
 * its value.
 */
public record Credentials(String apiKey, String secretKey, String source) {

    public static final String ENV_API_KEY = "CLOUDSTACK_API_KEY";
    public static final String ENV_SECRET_KEY = "CLOUDSTACK_SECRET_KEY";
    public static final String ENV_FILE = "CLOUDSTACK_CREDENTIALS_FILE";

    public Credentials {
        if (apiKey == null || apiKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException(source + " gives no API key or no secret key; both are needed");
        }
    }

    /** The API key cut to its first 4 characters, for messages. */
    public String maskedApiKey() {
        return mask(apiKey);
    }

    static String mask(String key) {
        return key.length() <= 4 ? "****" : key.substring(0, 4) + "****";
    }

    @Override
    public String toString() {
        return "Credentials[apiKey=" + maskedApiKey() + ", secretKey=****, from " + source + "]";
    }

    /**
     * From the plugin's options ({@code api-key}, {@code secret-key}), else a file
     * ({@code credentials-file} option or {@code $CLOUDSTACK_CREDENTIALS_FILE}), else
     * {@code $CLOUDSTACK_API_KEY} and {@code $CLOUDSTACK_SECRET_KEY}.
     */
    public static Credentials resolve(String apiKeyOption, String secretKeyOption, String fileOption, Map<String, String> env) {
        if (apiKeyOption != null || secretKeyOption != null) {
            if (apiKeyOption == null || secretKeyOption == null) {
                throw new IllegalArgumentException("give both options api-key and secret-key (only "
                        + (apiKeyOption == null ? "secret-key" : "api-key") + " is set), or use credentials-file or "
                        + ENV_API_KEY + "/" + ENV_SECRET_KEY);
            }
            return new Credentials(apiKeyOption, secretKeyOption, "options api-key/secret-key");
        }
        String file = fileOption != null ? fileOption : env.get(ENV_FILE);
        if (file != null && !file.isBlank()) {
            return fromFile(Path.of(file));
        }
        String api = env.get(ENV_API_KEY);
        String secret = env.get(ENV_SECRET_KEY);
        if (api != null && secret != null) {
            return new Credentials(api, secret, "environment " + ENV_API_KEY + "/" + ENV_SECRET_KEY);
        }
        throw new IllegalArgumentException("no API keys: set " + ENV_API_KEY + " and " + ENV_SECRET_KEY
                + ", or --opt cloudstack.credentials-file=PATH (a 0600 file with api-key=... and secret-key=...)");
    }

    /** A properties file with {@code api-key} and {@code secret-key}, readable by its owner only. */
    public static Credentials fromFile(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"))) {
                throw new IllegalArgumentException("credentials file " + file + " is readable by others ("
                        + java.nio.file.attribute.PosixFilePermissions.toString(perms) + "); run: chmod 600 " + file);
            }
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            return new Credentials(p.getProperty("api-key"), p.getProperty("secret-key"), "credentials file " + file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("credentials file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read credentials file " + file + ": " + e.getMessage());
        }
    }
}

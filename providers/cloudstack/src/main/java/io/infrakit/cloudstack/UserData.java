package io.infrakit.cloudstack;

import io.infrakit.spi.PluginException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The flavor's Init as CloudStack user data: base64 of its UTF-8 bytes. CloudStack takes up to
 * 32 KB of user data in a POST (2 KB in a GET); deploys are POSTed, so the limit checked here is
 * 32768 bytes of base64 (about 24 KB of script), before anything is created.
 */
public final class UserData {

    public static final int MAX_BASE64_BYTES = 32768;

    private UserData() {
    }

    /** The base64 user data, or null for an empty Init. */
    public static String encode(String init) {
        if (init == null || init.isEmpty()) {
            return null;
        }
        String b64 = Base64.getEncoder().encodeToString(init.getBytes(StandardCharsets.UTF_8));
        if (b64.length() > MAX_BASE64_BYTES) {
            throw new PluginException("cloudstack: the Init (user data) is " + b64.length() + " bytes in base64, over CloudStack's limit of "
                    + MAX_BASE64_BYTES + " (about 24 KB of script); shorten the flavor's Init, e.g. download a script from it");
        }
        return b64;
    }
}

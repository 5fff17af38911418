package io.infrakit.cloudstack;

import io.infrakit.spi.PluginException;

/**
 * CloudStack refused a command: its {@code errorcode} (401 bad credentials or signature, 431 bad
 * parameter, 530 internal error, ...) and {@code errortext}, or the text of a failed async job.
 */
public class CloudStackApiException extends PluginException {

    private final String command;
    private final int errorCode;
    private final String errorText;

    public CloudStackApiException(String command, int errorCode, String errorText) {
        super(message(command, errorCode, errorText));
        this.command = command;
        this.errorCode = errorCode;
        this.errorText = errorText;
    }

    private static String message(String command, int errorCode, String errorText) {
        String hint = errorCode == 401
                ? " (the API key or secret key was refused: check api-key/secret-key, the credentials file or "
                        + Credentials.ENV_API_KEY + "/" + Credentials.ENV_SECRET_KEY + ")"
                : "";
        return "cloudstack " + command + " failed: " + errorText + " (errorcode " + errorCode + ")" + hint;
    }

    public String command() {
        return command;
    }

    public int errorCode() {
        return errorCode;
    }

    public String errorText() {
        return errorText;
    }
}

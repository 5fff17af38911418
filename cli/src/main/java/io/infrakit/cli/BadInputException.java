package io.infrakit.cli;

/** Input the user must fix (a spec file, an argument): exit code 2, message names field, value and fix. */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.infrakit.vsphere.vim;

import io.infrakit.spi.PluginException;

/**
 * A SOAP fault from vSphere: the vim25 fault name ({@code InvalidLogin}, {@code DuplicateName},
 * {@code ManagedObjectNotFound} ...) and the server's message, as one clear sentence.
 */
public final class VimFault extends PluginException {

    private final String method;
    private final String fault;
    private final String serverMessage;

    public VimFault(String method, String fault, String serverMessage) {
        super("vsphere " + method + ": " + fault + (serverMessage == null || serverMessage.isBlank() ? "" : ": " + serverMessage)
                + hint(fault));
        this.method = method;
        this.fault = fault;
        this.serverMessage = serverMessage;
    }

    private static String hint(String fault) {
        return switch (fault) {
            case "InvalidLogin" -> " (check the user and password: --opt vsphere.user, vsphere.password-file or the URL's user:password)";
            case "NotAuthenticated" -> " (the session ended; it is renewed on the next call)";
            case "NoPermission" -> " (the user lacks a privilege on this object; ask the vCenter administrator)";
            default -> "";
        };
    }

    /** The method that failed, e.g. {@code CloneVM_Task}. */
    public String method() {
        return method;
    }

    /** The vim25 fault name without a {@code Fault} suffix, e.g. {@code InvalidLogin}. */
    public String fault() {
        return fault;
    }

    public String serverMessage() {
        return serverMessage;
    }

    public boolean is(String name) {
        return fault.equals(name);
    }
}

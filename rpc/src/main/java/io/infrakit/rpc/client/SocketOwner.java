package io.infrakit.rpc.client;

import jdk.net.ExtendedSocketOptions;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Whose socket we are about to call. A socket another local user made (in a shared plugins
 * folder, or a home they prepared) would receive our specs and their secrets, so a call goes
 * only to a socket owned by us or by root: the file's owner is checked before connecting, and
 * the listening process's user (the kernel's peer credentials) after, which a rename cannot fake.
 */
public final class SocketOwner {

    private SocketOwner() {
    }

    /** Thrown by a transport that connected to a process of another user; the message says which and the fix. */
    public static final class ForeignSocketException extends IOException {
        public ForeignSocketException(String message) {
            super(message);
        }
    }

    /** Null when the socket file (if any) is ours or root's, else why it is refused. */
    public static String refusal(Path socket) {
        String owner;
        try {
            owner = Files.getOwner(socket, LinkOption.NOFOLLOW_LINKS).getName();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null; // absent or unreadable: connecting will say so
        }
        return trusted(owner) ? null : message(socket, "is owned by", owner);
    }

    /** Throws when the process listening on a connected channel runs as another user (not us, not root). */
    public static void checkPeer(SocketChannel channel, Path socket) throws IOException {
        String peer;
        try {
            if (!channel.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED)) {
                return;
            }
            peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
        } catch (UnsupportedOperationException e) {
            return; // no peer credentials on this platform: the file owner check stands alone
        }
        if (!trusted(peer)) {
            throw new ForeignSocketException(message(socket, "is served by a process of", peer));
        }
    }

    private static boolean trusted(String user) {
        return user.equals(System.getProperty("user.name")) || user.equals("root");
    }

    private static String message(Path socket, String relation, String user) {
        return "was refused: the socket " + socket + " " + relation + " user '" + user + "', not '"
                + System.getProperty("user.name") + "' (another user's socket would receive your specs and secrets);"
                + " remove it (rm " + socket + ") and start the plugin as yourself, or run the command as '" + user + "'";
    }
}

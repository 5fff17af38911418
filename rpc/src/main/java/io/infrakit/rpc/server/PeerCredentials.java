package io.infrakit.rpc.server;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectableChannelEndPoint;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.NetworkChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who is on the other end of a unix socket (the kernel's {@code SO_PEERCRED}, read through the
 * JDK's {@link ExtendedSocketOptions#SO_PEERCRED}), and whether that user may call: the user that
 * owns the socket (the daemon's) or root. The socket's 0600 mode already keeps others out; this
 * holds when someone loosened it (a shared INFRAKIT_PLUGINS_DIR, a chmod) too.
 */
final class PeerCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(PeerCredentials.class);

    private final Path socket;
    private volatile String owner;

    PeerCredentials(Path socket) {
        this.socket = socket;
    }

    /** The peer's user name, or null when the connection has no unix peer credentials (not a unix socket). */
    static String peerUser(Request request) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        if (endPoint instanceof SelectableChannelEndPoint s && s.getChannel() instanceof NetworkChannel channel) {
            try {
                if (channel.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED)) {
                    UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
                    return peer.user().getName();
                }
            } catch (IOException | UnsupportedOperationException e) {
                LOG.debug("no peer credentials on {}: {}", endPoint, e.toString());
            }
        }
        return null;
    }

    /** Null when the caller may go on, else why not (for the refusal). */
    String refusal(Request request) {
        String peer = peerUser(request);
        if (peer == null) {
            return null; // no credentials to check: the socket's permissions are the guard
        }
        String mine = owner();
        if (peer.equals(mine) || peer.equals("root")) {
            return null;
        }
        return "forbidden: user '" + peer + "' may not call this daemon (it runs as '" + mine
                + "'); run the command as that user";
    }

    private String owner() {
        String o = owner;
        if (o == null) {
            try {
                o = Files.getOwner(socket).getName();
            } catch (IOException | UnsupportedOperationException e) {
                o = System.getProperty("user.name");
            }
            owner = o;
        }
        return o;
    }
}

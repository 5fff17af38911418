package io.infrakit.client;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.Provider;
import java.security.SecureRandomSpi;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;

/**
 * A security provider of one service, {@code SecureRandom.NativePRNGNonBlocking}, read from
 * {@code /dev/urandom}. The JDK's first unix socket asks for that random (for the names of unnamed
 * sockets, which a client never binds); found first, the JDK need not build its {@code SUN} provider
 * (some 80 services) to answer. The local path only: a remote daemon's TLS needs the JDK's own
 * providers.
 *
 * <p>How it goes first matters (measured, docs/cli.md "The thin client"): {@code
 * Security.insertProviderAt} loads every configured provider before inserting one (SUN included),
 * costing more than it saves. Named first in the {@code security.provider.N} properties before the
 * JDK reads its list, the JDK looks it up with a {@link java.util.ServiceLoader}, which finds the
 * providers of the launcher's own modules first: as the named module {@code io.infrakit.client}
 * (launched with {@code -p infrakit-client.jar -m io.infrakit.client/...}) this provider is found
 * without instantiating any other. On the class path the JDK would instantiate its seven module
 * providers while looking for it, so there it stays out of the way.
 */
public final class UrandomProvider extends Provider {

    /** The provider's name, as {@link Security#getProvider} finds it. */
    public static final String NAME = "InfrakitUrandom";

    static final String ALGORITHM = "NativePRNGNonBlocking";

    public UrandomProvider() {
        super(NAME, "1", "SecureRandom." + ALGORITHM + " from /dev/urandom, for the thin client's unix socket");
        putService(new UrandomService(this));
    }

    /**
     * Names this provider first, when this code runs as a named module and the JDK has not read its
     * provider list yet (else the JDK's list stays as it is). Any failure leaves the JDK's default:
     * an entry the JDK cannot load is skipped (it then builds SUN, as without this).
     */
    static void installFirst() {
        try {
            if (!UrandomProvider.class.getModule().isNamed()) {
                return;
            }
            List<String> names = new ArrayList<>();
            for (int i = 1; Security.getProperty(KEY + i) != null; i++) {
                names.add(Security.getProperty(KEY + i));
            }
            if (!names.isEmpty() && names.get(0).strip().equals(NAME)) {
                return;
            }
            names.add(0, NAME);
            // Last first: the list stays complete (no gap ends it early) at every step.
            for (int i = names.size(); i >= 1; i--) {
                Security.setProperty(KEY + i, names.get(i - 1));
            }
        } catch (RuntimeException | LinkageError e) {
            // the JDK's own random serves the socket instead
        }
    }

    private static final String KEY = "security.provider.";

    /** The one service, instantiated directly (no reflective look-up of the class by name). */
    private static final class UrandomService extends Service {
        UrandomService(Provider provider) {
            super(provider, "SecureRandom", ALGORITHM, UrandomRandom.class.getName(), null, null);
        }

        @Override
        public Object newInstance(Object parameter) {
            return new UrandomRandom();
        }
    }

    /** Bytes from the kernel's non-blocking pool, read on each call (a client draws at most once, if ever). */
    static final class UrandomRandom extends SecureRandomSpi {

        @Override
        protected void engineSetSeed(byte[] seed) {
            // the kernel's pool seeds itself; like NativePRNG, a caller's seed adds nothing to it here
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            try (InputStream in = new FileInputStream("/dev/urandom")) {
                if (in.readNBytes(bytes, 0, bytes.length) != bytes.length) {
                    throw new IOException("/dev/urandom ended early");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read /dev/urandom", e);
            }
        }

        @Override
        protected byte[] engineGenerateSeed(int length) {
            byte[] seed = new byte[length];
            engineNextBytes(seed);
            return seed;
        }
    }
}

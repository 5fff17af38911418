package io.infrakit.client;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
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
 * Security.insertProviderAt} loads every configured provider before inserting one, SUN included,
 * and costs more than it saves. Named first in the {@code security.provider.N} properties before
 * the JDK reads its list, the JDK looks the name up with a {@link java.util.ServiceLoader}, which
 * instantiates every provider the runtime's modules offer, then loads the name as a class: on
 * bin/infrakit's trimmed client runtime (java.base and jdk.net, no such module) that finds this one
 * class and nothing else; on a whole JDK the look-up would first build seven providers, so there
 * the JDK's list is left as it is.
 */
public final class UrandomProvider extends Provider {

    /** The provider's name, as {@link Security#getProvider} finds it. */
    public static final String NAME = "InfrakitUrandom";

    static final String ALGORITHM = "NativePRNGNonBlocking";

    private static final String KEY = "security.provider.";

    public UrandomProvider() {
        super(NAME, "1", "SecureRandom." + ALGORITHM + " from /dev/urandom, for the thin client's unix socket");
        putService(new UrandomService(this));
    }

    /**
     * Names this provider first, when the JDK can find it without building others ({@link #entry})
     * and has not read its provider list yet (else the list stays as it is). Any failure leaves the
     * JDK's default: an entry the JDK cannot load is skipped (it then builds SUN, as without this).
     */
    static void installFirst() {
        try {
            String entry = entry(ModuleLayer.boot());
            if (entry == null) {
                return;
            }
            List<String> names = new ArrayList<>();
            for (int i = 1; Security.getProperty(KEY + i) != null; i++) {
                names.add(Security.getProperty(KEY + i));
            }
            if (!names.isEmpty() && names.get(0).strip().equals(entry)) {
                return;
            }
            names.add(0, entry);
            // Last first: the list stays complete (no gap ends it early) at every step.
            for (int i = names.size(); i >= 1; i--) {
                Security.setProperty(KEY + i, names.get(i - 1));
            }
        } catch (RuntimeException | LinkageError e) {
            // the JDK's own random serves the socket instead
        }
    }

    /**
     * The list entry by which the JDK finds this provider without building another (its class
     * name), or null when the layer's modules offer providers the JDK's look-up would build first.
     */
    static String entry(ModuleLayer layer) {
        for (Module m : layer.modules()) {
            for (ModuleDescriptor.Provides p : m.getDescriptor().provides()) {
                if (p.service().equals(Provider.class.getName())) {
                    return null;
                }
            }
        }
        return UrandomProvider.class.getName();
    }

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

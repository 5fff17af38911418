package io.infrakit.core.spec;

import java.io.InputStream;
import java.util.List;

/**
 * Where spec text is read from: this machine's files ({@link #LOCAL}), or the caller's, when a
 * daemon runs a command for a thin CLI client and must not read its own file system for them.
 */
@FunctionalInterface
public interface SpecSources {

    /** Files, folders and {@code -} (stdin) read here, by {@link SpecDocuments#read}. */
    SpecSources LOCAL = SpecDocuments::read;

    /**
     * Reads each named source; problems are thrown together as one {@link InvalidSpecException}.
     *
     * @see SpecDocuments#read
     */
    List<SpecDocuments.Source> read(List<String> names, InputStream stdin);
}

package io.infrakit.cli;

import io.infrakit.spi.PluginException;

import java.util.Collection;

/** The one wording for a group ID that is not there, with the closest ID suggested. */
public final class Groups {

    private Groups() {
    }

    /**
     * @param known   the IDs there are
     * @param listing the command that lists them ({@code infrakit get groups}, {@code infrakit group ls})
     */
    public static PluginException notFound(String id, Collection<String> known, String listing) {
        return new PluginException("group '" + id + "' not found" + Suggest.didYouMean(id, known)
                + (known.isEmpty() ? " (no groups are committed; infrakit apply -f FILE commits one)" : " (" + listing + " lists the groups)"));
    }
}

package io.infrakit.docker;

import com.github.dockerjava.api.async.ResultCallback;

import java.io.IOException;

/**
 * A docker-java stream callback that keeps a stream's failure for the caller instead of logging it
 * at ERROR (docker-java's default): an unreachable registry or a dropped event stream is an
 * expected outcome here, reported by the caller in its own words.
 */
class QuietCallback<T> extends ResultCallback.Adapter<T> {

    private volatile Throwable error;

    @Override
    public void onError(Throwable throwable) {
        error = throwable;
        try {
            close();
        } catch (IOException ignored) {
            // the stream is failing anyway
        }
    }

    /** The failure that ended the stream, or null. */
    Throwable error() {
        return error;
    }
}

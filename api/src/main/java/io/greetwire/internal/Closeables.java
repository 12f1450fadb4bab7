package io.greetwire.internal;

import java.io.Closeable;
import java.io.IOException;

/** Closing sockets and channels on paths that can do nothing more about a failure to close. */
public final class Closeables {
    private Closeables() { }

    /** Closes {@code c} if it is not null; an {@link IOException} from it is dropped. */
    public static void closeQuietly(Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // a socket that fails to close is gone as far as this server is concerned
        }
    }
}

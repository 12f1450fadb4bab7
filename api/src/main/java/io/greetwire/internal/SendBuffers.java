package io.greetwire.internal;

import io.greetwire.ServerConfig;

/** When a server bounds a connection's send buffer (see {@link ServerConfig#sendBufferSize()}). */
public final class SendBuffers {
    private SendBuffers() { }

    /**
     * Whether a greeting of {@code length} bytes gets a send buffer of
     * {@link ServerConfig#sendBufferSize()}: only one larger than it, so that small greetings never
     * pay the system call.
     *
     * @param config the server's config
     * @param length the greeting's length in bytes
     * @return true to set SO_SNDBUF before writing
     */
    public static boolean bounded(ServerConfig config, int length) {
        return config.sendBufferSize() > 0 && length > config.sendBufferSize();
    }
}

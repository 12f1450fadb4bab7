package io.greetwire.internal;

import io.greetwire.ServerConfig;

/**
 * How a server bounds a connection's send buffer (see {@link ServerConfig#sendBufferSize()}), and
 * when it lifts the bound for a client that reads.
 *
 * <p>A small send buffer is what holds a client that never reads to a few hundred KiB of kernel
 * memory, but it also makes a fast reader wait for the writer at every buffer's worth: at 16 MiB
 * a 64 KiB buffer cost 30 to 40 % of the throughput. The kernel's TCP_NOTSENT_LOWAT, which bounds
 * only the unsent part, is not reachable from the JDK, so the bound is lifted by proof instead: a
 * client that has taken {@value #PROOF_FACTOR} times the bound has read (a client that does not
 * read takes no more than its receive window, and the bound), and its buffer grows to
 * {@value #READER_FACTOR} times the bound. What a stalled client can hold stays bounded either way.
 */
public final class SendBuffers {
    /** A client that has taken this many times the bound has read: its buffer grows. */
    public static final int PROOF_FACTOR = 16;
    /** The buffer a reading client grows to, in times the bound. */
    public static final int READER_FACTOR = 4;

    private SendBuffers() { }

    /**
     * Whether a greeting of {@code length} bytes gets a send buffer of
     * {@link ServerConfig#sendBufferSize()}: only one larger than it, so that small greetings never
     * pay the system call, and only over TCP. The kernel never grows a Unix socket's buffer, so its
     * default ({@code net.core.wmem_default}, 208 KiB) is a bound already, and a smaller one only
     * slowed a 1 MiB greeting to half the baseline's rate.
     *
     * @param config the server's config
     * @param length the greeting's length in bytes
     * @return true to set SO_SNDBUF before writing
     */
    public static boolean bounded(ServerConfig config, int length) {
        return config.sendBufferSize() > 0 && length > config.sendBufferSize() && !config.isUnix();
    }

    /**
     * Bytes of a greeting after which a bounded connection's buffer grows: {@value #PROOF_FACTOR}
     * times the bound, or the greeting's length if that is smaller (then it never grows).
     *
     * @param config the server's config
     * @param length the greeting's length in bytes
     * @return the offset at which to call {@link #readerSize}; {@code length} for none
     */
    public static int proof(ServerConfig config, int length) {
        if (!bounded(config, length)) {
            return length;
        }
        return (int) Math.min(length, (long) config.sendBufferSize() * PROOF_FACTOR);
    }

    /**
     * Whether a write that took a connection's written bytes from {@code before} to {@code after}
     * crossed {@link #proof}, so that its buffer grows now, once.
     *
     * @param config the server's config
     * @param length the greeting's length in bytes
     * @param before bytes written before the write
     * @param after bytes written after it
     * @return true to set SO_SNDBUF to {@link #readerSize} now
     */
    public static boolean grows(ServerConfig config, int length, long before, long after) {
        int proof = proof(config, length);
        return proof < length && before < proof && after >= proof;
    }

    /**
     * The send buffer of a client that has read: {@value #READER_FACTOR} times the bound.
     *
     * @param config the server's config
     * @return SO_SNDBUF in bytes
     */
    public static int readerSize(ServerConfig config) {
        return (int) Math.min(Integer.MAX_VALUE, (long) config.sendBufferSize() * READER_FACTOR);
    }
}

package io.greetwire.nio;

import java.util.Map;

/**
 * The {@code nio.*} options, checked when a server or client is created. Other transports'
 * options are ignored (one config may serve several transports); an unknown {@code nio.*} key is
 * an {@link IllegalArgumentException} naming it.
 *
 * <ul>
 *   <li>{@code nio.inlineLimit} (server; bytes, default {@value #DEFAULT_INLINE_LIMIT}): greetings
 *       up to this size are written by the accepting loop at once; larger ones are handed
 *       round-robin to all loops. 0 hands every connection off.</li>
 *   <li>{@code nio.acceptBatch} (server; default {@value #DEFAULT_ACCEPT_BATCH}): the most
 *       connections accepted per wake-up of the accepting loop.</li>
 * </ul>
 */
final class NioOptions {
    static final String PREFIX = "nio.";
    static final String INLINE_LIMIT = PREFIX + "inlineLimit";
    static final String ACCEPT_BATCH = PREFIX + "acceptBatch";
    /** Fits the default send buffer of a fresh Linux socket (16 KiB), so it is written in one call. */
    static final int DEFAULT_INLINE_LIMIT = 16 * 1024;
    static final int DEFAULT_ACCEPT_BATCH = 256;

    final int inlineLimit;
    final int acceptBatch;

    private NioOptions(int inlineLimit, int acceptBatch) {
        this.inlineLimit = inlineLimit;
        this.acceptBatch = acceptBatch;
    }

    static NioOptions parse(Map<String, String> options) {
        int inlineLimit = DEFAULT_INLINE_LIMIT;
        int acceptBatch = DEFAULT_ACCEPT_BATCH;
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX)) {
                continue; // another transport's option
            }
            switch (key) {
                case INLINE_LIMIT:
                    inlineLimit = integer(key, e.getValue(), 0);
                    break;
                case ACCEPT_BATCH:
                    acceptBatch = integer(key, e.getValue(), 1);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + key + "'; the nio transport knows "
                            + INLINE_LIMIT + ", " + ACCEPT_BATCH);
            }
        }
        return new NioOptions(inlineLimit, acceptBatch);
    }

    private static int integer(String key, String value, int min) {
        int v;
        try {
            v = Integer.parseInt(value.trim());
        } catch (NumberFormatException nfe) {
            v = min - 1;
        }
        if (v < min) {
            throw new IllegalArgumentException(key + ": must be a whole number of at least " + min + ", got '" + value + "'");
        }
        return v;
    }
}

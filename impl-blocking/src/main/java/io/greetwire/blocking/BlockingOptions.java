package io.greetwire.blocking;

import java.util.Map;
import java.util.concurrent.ExecutorService;

/** The {@code blocking.*} options, checked when a server or client is created. */
final class BlockingOptions {
    static final String PREFIX = "blocking.";
    static final String THREADS = PREFIX + "threads";
    static final String MAX_THREADS = PREFIX + "maxThreads";
    static final int DEFAULT_MAX_THREADS = 1024;

    final boolean virtual;
    final int maxThreads;

    private BlockingOptions(boolean virtual, int maxThreads) {
        this.virtual = virtual;
        this.maxThreads = maxThreads;
    }

    static BlockingOptions parse(Map<String, String> options) {
        boolean virtual = false;
        int maxThreads = DEFAULT_MAX_THREADS;
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (!key.startsWith(PREFIX)) {
                continue; // another transport's option: one config may serve several transports
            }
            switch (key) {
                case THREADS:
                    if (value.equals("virtual")) {
                        virtual = true;
                    } else if (!value.equals("platform")) {
                        throw new IllegalArgumentException(THREADS + ": must be platform or virtual, got '" + value + "'");
                    }
                    break;
                case MAX_THREADS:
                    try {
                        maxThreads = Integer.parseInt(value);
                    } catch (NumberFormatException nfe) {
                        maxThreads = 0;
                    }
                    if (maxThreads < 1) {
                        throw new IllegalArgumentException(MAX_THREADS + ": must be a whole number of at least 1, got '" + value + "'");
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + key + "'; the blocking transport knows "
                            + THREADS + ", " + MAX_THREADS);
            }
        }
        if (virtual && !VirtualThreads.isSupported()) {
            throw new IllegalArgumentException(THREADS + "=virtual: virtual threads need Java 21 or later; this is Java "
                    + Runtime.version());
        }
        return new BlockingOptions(virtual, maxThreads);
    }

    /** The executor for work that may block: virtual threads, or a bounded pool of daemon platform threads. */
    ExecutorService newExecutor(String prefix) {
        if (virtual) {
            return VirtualThreads.newPerTaskExecutor(prefix);
        }
        return ReusingPool.create(prefix, maxThreads);
    }
}

package io.greetwire.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names a transport's threads ({@code greetwire-nio-loop-1}) so leaks and stacks are readable. */
public final class DaemonThreadFactory implements ThreadFactory {
    private final String prefix;
    private final boolean daemon;
    private final AtomicInteger count = new AtomicInteger();

    /** Threads named {@code prefix-N}; daemon threads do not keep the JVM alive. */
    public DaemonThreadFactory(String prefix, boolean daemon) {
        this.prefix = prefix;
        this.daemon = daemon;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
        t.setDaemon(daemon);
        return t;
    }
}

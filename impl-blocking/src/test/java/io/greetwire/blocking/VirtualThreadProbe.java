package io.greetwire.blocking;

import io.greetwire.tck.LeakProbe;

/** The blocking transport's live virtual threads, for {@code LeakCheck}. */
public final class VirtualThreadProbe implements LeakProbe {
    @Override
    public String what() {
        return "live blocking virtual threads";
    }

    @Override
    public long count() {
        return VirtualThreads.live();
    }
}

package io.greetwire.netty;

import io.greetwire.tck.TransportUnderTest;
import java.util.ArrayList;
import java.util.List;

/**
 * The Netty transport as the suites run it: its {@code auto} choice, and each flavour forced
 * where it runs.
 */
final class NettyVariants {
    private NettyVariants() { }

    /** Each flavour that runs here, forced. */
    static List<TransportUnderTest> flavours() {
        TransportUnderTest netty = TransportUnderTest.of(new NettyTransport());
        List<TransportUnderTest> all = new ArrayList<>();
        for (Flavour f : Flavour.values()) {
            if (f.isAvailable()) {
                all.add(netty.with(f.id(), NettyOptions.FLAVOUR, f.id()));
            }
        }
        return all;
    }

    /** What {@code Transports.best()} gives: netty with the flavours {@code auto} picks. */
    static TransportUnderTest auto() {
        return TransportUnderTest.of(new NettyTransport());
    }
}

package io.greetwire.netty;

import io.greetwire.tck.TransportUnderTest;
import java.util.ArrayList;
import java.util.List;

/**
 * The Netty transport as the suites run it: its {@code auto} choice, and each flavour forced
 * where it runs.
 */
final class NettyVariants {
    /** Why forced io_uring servers skip the EMFILE test (README: the default engine). */
    static final String IO_URING_EMFILE = "a known limitation of Netty 4.2.18's io_uring server channel, used only"
            + " when forced: it cannot pause accepting, so under EMFILE it keeps retrying (25-33 % of a core"
            + " measured) and toggling auto-read broke its later accepts; auto picks epoll for servers";

    private NettyVariants() { }

    /** Each flavour that runs here, forced. */
    static List<TransportUnderTest> flavours() {
        TransportUnderTest netty = TransportUnderTest.of(new NettyTransport());
        List<TransportUnderTest> all = new ArrayList<>();
        for (Flavour f : Flavour.values()) {
            if (f.isAvailable()) {
                TransportUnderTest t = netty.with(f.id(), NettyOptions.FLAVOUR, f.id());
                all.add(f == Flavour.IO_URING ? t.withEmfileLimitation(IO_URING_EMFILE) : t);
            }
        }
        return all;
    }

    /** What {@code Transports.best()} gives: netty with the flavours {@code auto} picks. */
    static TransportUnderTest auto() {
        return TransportUnderTest.of(new NettyTransport());
    }
}

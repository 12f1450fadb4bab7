package io.greetwire.netty;

import io.greetwire.tck.AbstractFaultTest;
import io.greetwire.tck.Permutations;
import io.greetwire.tck.TransportPair;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault suite on the default engine ({@code Transports.best()}: netty with {@code auto}, the
 * flavours it picks for servers and clients) and on each flavour forced.
 */
class NettyFaultTest extends AbstractFaultTest {
    static List<TransportPair> pairs() {
        List<io.greetwire.tck.TransportUnderTest> all = new ArrayList<>();
        all.add(NettyVariants.auto());
        all.addAll(NettyVariants.flavours());
        return Permutations.own(all);
    }
}

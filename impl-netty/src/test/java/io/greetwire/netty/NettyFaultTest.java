package io.greetwire.netty;

import io.greetwire.tck.AbstractFaultTest;
import io.greetwire.tck.Permutations;
import io.greetwire.tck.TransportPair;
import io.greetwire.tck.TransportUnderTest;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault suite on the default engine ({@code Transports.best()}: netty with {@code auto}, named
 * {@code netty}) and on each flavour forced, leaving out a forced flavour that is exactly what
 * {@code auto} picks for both servers and clients.
 */
class NettyFaultTest extends AbstractFaultTest {
    static List<TransportPair> pairs() {
        List<TransportUnderTest> all = new ArrayList<>();
        all.add(NettyVariants.auto());
        for (TransportUnderTest t : NettyVariants.flavours()) {
            String id = t.name().substring(t.name().indexOf('/') + 1);
            if (!(id.equals(Flavour.bestForServer().id()) && id.equals(Flavour.bestForClient().id()))) {
                all.add(t);
            }
        }
        return Permutations.own(all);
    }
}

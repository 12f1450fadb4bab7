package io.greetwire.netty;

import io.greetwire.tck.AbstractTransportTest;
import io.greetwire.tck.Permutations;
import io.greetwire.tck.TransportPair;
import java.util.List;

/** The conformance suite on every server flavour against every client flavour. */
class NettyFlavoursTransportTest extends AbstractTransportTest {
    static List<TransportPair> pairs() {
        return Permutations.every(NettyVariants.flavours());
    }
}

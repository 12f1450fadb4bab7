package io.greetwire.nio;

import io.greetwire.tck.AbstractFaultTest;
import io.greetwire.tck.Permutations;
import io.greetwire.tck.TransportPair;
import io.greetwire.tck.TransportUnderTest;
import java.util.List;

/** The fault suite on the nio transport. */
class NioFaultTest extends AbstractFaultTest {
    static List<TransportPair> pairs() {
        return Permutations.own(List.of(TransportUnderTest.of(new NioTransport())));
    }
}

package io.greetwire.nio;

import io.greetwire.tck.AbstractTransportTest;
import io.greetwire.tck.Permutations;
import io.greetwire.tck.TransportPair;
import io.greetwire.tck.TransportUnderTest;
import java.util.List;

/** The conformance suite on the nio server and client. */
class NioTransportTest extends AbstractTransportTest {
    static List<TransportPair> pairs() {
        return Permutations.every(List.of(TransportUnderTest.of(new NioTransport())));
    }
}

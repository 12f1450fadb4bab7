package io.greetwire.blocking;

import io.greetwire.tck.AbstractTransportTest;
import io.greetwire.tck.Permutations;
import io.greetwire.tck.TransportPair;
import java.util.List;

/** The conformance suite on every pair of the blocking transport's variants. */
class BlockingTransportTest extends AbstractTransportTest {
    static List<TransportPair> pairs() {
        return Permutations.every(BlockingVariants.all());
    }
}

package io.greetwire.blocking;

import io.greetwire.tck.AbstractFaultTest;
import io.greetwire.tck.Permutations;
import io.greetwire.tck.TransportPair;
import java.util.List;

/** The fault suite on each of the blocking transport's variants. */
class BlockingFaultTest extends AbstractFaultTest {
    static List<TransportPair> pairs() {
        return Permutations.own(BlockingVariants.all());
    }
}

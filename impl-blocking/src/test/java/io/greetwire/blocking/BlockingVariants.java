package io.greetwire.blocking;

import io.greetwire.tck.TransportUnderTest;
import java.util.List;

/** The blocking transport as the suites run it: platform threads, and virtual threads where the JDK has them. */
final class BlockingVariants {
    private BlockingVariants() { }

    static List<TransportUnderTest> all() {
        TransportUnderTest platform = TransportUnderTest.of(new BlockingTransport());
        return List.of(platform.withStalledWriteLimit(BlockingOptions.DEFAULT_MAX_THREADS),
                platform.with("virtual", BlockingOptions.THREADS, "virtual"));
    }
}

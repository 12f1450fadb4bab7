package io.greetwire.netty;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

class NettyIoUringTransportTest extends FlavourTransportTest {
    NettyIoUringTransportTest() {
        super(Flavour.IO_URING);
    }

    @BeforeAll
    static void ioUringRunsHere() {
        assumeTrue(Flavour.IO_URING.isAvailable(), Flavour.IO_URING::unavailableReason);
    }
}

package io.greetwire.netty;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

class NettyEpollTransportTest extends FlavourTransportTest {
    NettyEpollTransportTest() {
        super(Flavour.EPOLL);
    }

    @BeforeAll
    static void epollRunsHere() {
        assumeTrue(Flavour.EPOLL.isAvailable(), Flavour.EPOLL::unavailableReason);
    }
}

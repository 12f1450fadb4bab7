package io.greetwire.netty;

class NettyNioTransportTest extends FlavourTransportTest {
    NettyNioTransportTest() {
        super(Flavour.NIO);
    }
}

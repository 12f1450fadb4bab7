/** The blocking {@code java.net} transport, registered as {@code blocking}. */
module io.greetwire.blocking {
    requires io.greetwire.api;
    requires org.slf4j;

    provides io.greetwire.spi.GreetingTransport with io.greetwire.blocking.BlockingTransport;
}

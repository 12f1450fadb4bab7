/** The {@code java.nio} transport, registered as {@code nio}: Selector event loops on both sides. */
module io.greetwire.nio {
    requires io.greetwire.api;
    requires org.slf4j;

    provides io.greetwire.spi.GreetingTransport with io.greetwire.nio.NioTransport;
}

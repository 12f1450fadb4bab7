/**
 * Greetwire's transport-neutral API ({@code io.greetwire}) and the SPI that transports implement
 * ({@code io.greetwire.spi}). Transports are found with {@link java.util.ServiceLoader}.
 */
module io.greetwire.api {
    requires org.slf4j;

    exports io.greetwire;
    exports io.greetwire.spi;

    uses io.greetwire.spi.GreetingTransport;
}

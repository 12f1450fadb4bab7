/**
 * Greetwire's API.
 *
 * <ul>
 *   <li>{@code io.greetwire}: what applications call: {@link io.greetwire.Greetwire}, servers, clients,
 *       configs, formats, greetings and failures.</li>
 *   <li>{@code io.greetwire.spi}: what a third-party transport implements, found with
 *       {@link java.util.ServiceLoader}.</li>
 *   <li>{@code io.greetwire.internal}: the pieces the shipped transports share; exported to those
 *       modules only and free to change in any release.</li>
 * </ul>
 */
module io.greetwire.api {
    requires org.slf4j;
    // The servers' JFR events (io.greetwire.*): always there, committed only while recorded.
    requires jdk.jfr;
    // JMX is asked for per server (ServerConfig.jmxName); without it nothing of java.management loads.
    requires static java.management;

    exports io.greetwire;
    exports io.greetwire.spi;
    exports io.greetwire.internal to io.greetwire.blocking, io.greetwire.nio, io.greetwire.netty;
    exports io.greetwire.internal.jmx to java.management;

    uses io.greetwire.spi.GreetingTransport;
}

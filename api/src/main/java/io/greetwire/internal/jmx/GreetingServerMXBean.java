package io.greetwire.internal.jmx;

import java.util.Map;

/**
 * What JMX clients ({@code jconsole}, {@code jcmd}, {@code jmc}) see of a running server, under
 * {@code io.greetwire:type=GreetingServer,name=...}: the counters of {@code ServerStats}, read
 * fresh on every access.
 */
public interface GreetingServerMXBean {
    /** The transport that runs, e.g. {@code nio} or {@code netty/epoll}. */
    String getTransport();

    /** The bound address, e.g. {@code /127.0.0.1:20000}. */
    String getAddress();

    /** The wire format's name. */
    String getFormat();

    /** Connections accepted. */
    long getAccepted();

    /** Connections greeted fully. */
    long getGreeted();

    /** Connections that failed, all reasons. */
    long getFailed();

    /** Failed connections by reason name; every reason is present. */
    Map<String, Long> getFailures();

    /** Greeting bytes written. */
    long getBytesWritten();

    /** Connections open now. */
    long getOpen();

    /** Failed accept calls, such as EMFILE. */
    long getAcceptErrors();
}

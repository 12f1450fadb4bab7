package io.greetwire;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a per-connection {@link GreetingSource} may look at.
 *
 * @param remote the client's address
 * @param local the server's address on this connection
 * @param now the server clock's time
 * @param zone the server clock's zone
 */
public record GreetingContext(InetSocketAddress remote, InetSocketAddress local, Instant now, ZoneId zone) { }

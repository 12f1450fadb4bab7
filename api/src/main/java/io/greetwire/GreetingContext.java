package io.greetwire;

import java.net.SocketAddress;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a per-connection {@link GreetingSource} may look at.
 *
 * @param remote the client's address (over a Unix socket usually unnamed: an empty path)
 * @param local the server's address on this connection
 * @param now the server clock's time
 * @param zone the server clock's zone
 */
public record GreetingContext(SocketAddress remote, SocketAddress local, Instant now, ZoneId zone) { }

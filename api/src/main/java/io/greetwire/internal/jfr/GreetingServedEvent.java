package io.greetwire.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A connection received its whole greeting. No stack trace: it would say nothing per connection. */
@Name("io.greetwire.GreetingServed")
@Label("Greeting Served")
@Category({"Greetwire", "Server"})
@Description("A server wrote a whole greeting and closed the connection")
@StackTrace(false)
public final class GreetingServedEvent extends jdk.jfr.Event {
    /** The transport that runs, e.g. {@code nio} or {@code netty/epoll}. */
    @Label("Transport")
    public String transport;

    /** The wire format's name. */
    @Label("Format")
    public String format;

    /** The server's bound address. */
    @Label("Server Address")
    public String server;

    /** The client's address (null only if the recording began while the connection was open). */
    @Label("Client Address")
    public String client;

    /** Greeting bytes written. */
    @Label("Bytes")
    @DataAmount
    public long bytes;

    /** From the accept to the end of the write; 0 when the transport did not time it. */
    @Label("Greeting Time")
    @Timespan(Timespan.NANOSECONDS)
    public long elapsed;
}

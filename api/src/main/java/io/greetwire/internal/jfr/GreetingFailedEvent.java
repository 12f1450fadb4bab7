package io.greetwire.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A connection the server accepted did not receive its whole greeting. */
@Name("io.greetwire.GreetingFailed")
@Label("Greeting Failed")
@Category({"Greetwire", "Server"})
@Description("A server accepted a connection but did not greet it fully (see the reason)")
@StackTrace(false)
public final class GreetingFailedEvent extends jdk.jfr.Event {
    /** The transport that runs. */
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

    /** The {@code FailureReason}'s name. */
    @Label("Reason")
    public String reason;

    /** Greeting bytes written before the failure. */
    @Label("Bytes Written")
    @DataAmount
    public long bytes;

    /** From the accept to the failure; 0 when the transport did not time it. */
    @Label("Time To Failure")
    @Timespan(Timespan.NANOSECONDS)
    public long elapsed;
}

package io.greetwire.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** An {@code accept()} failed (EMFILE and the like) and the server backs off before the next. */
@Name("io.greetwire.AcceptFailed")
@Label("Accept Failed")
@Category({"Greetwire", "Server"})
@Description("A server's accept failed; it waits the back-off, then accepts again")
public final class AcceptFailedEvent extends jdk.jfr.Event {
    /** The server's bound address. */
    @Label("Server Address")
    public String server;

    /** The exception's class and message. */
    @Label("Error")
    public String error;

    /** Failed accepts in this burst, this one included. */
    @Label("Failures In Burst")
    public long failures;

    /** How long the server waits before it accepts again. */
    @Label("Back-off")
    @Timespan(Timespan.NANOSECONDS)
    public long backoff;
}

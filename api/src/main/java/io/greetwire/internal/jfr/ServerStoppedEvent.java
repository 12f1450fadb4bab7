package io.greetwire.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A server finished {@code close()}: its final counters. */
@Name("io.greetwire.ServerStopped")
@Label("Server Stopped")
@Category({"Greetwire", "Server"})
@Description("A Greetwire server stopped; its counters at the end")
public final class ServerStoppedEvent extends jdk.jfr.Event {
    /** The transport that ran. */
    @Label("Transport")
    public String transport;

    /** The address it was bound to. */
    @Label("Server Address")
    public String server;

    /** Connections accepted over the server's life. */
    @Label("Accepted")
    public long accepted;

    /** Connections greeted fully. */
    @Label("Greeted")
    public long greeted;

    /** Connections that failed, all reasons. */
    @Label("Failed")
    public long failed;

    /** Failed accept calls. */
    @Label("Accept Errors")
    public long acceptErrors;

    /** Greeting bytes written. */
    @Label("Bytes Written")
    @DataAmount
    public long bytesWritten;
}

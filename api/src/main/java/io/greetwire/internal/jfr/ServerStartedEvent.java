package io.greetwire.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A server bound its address and accepts. */
@Name("io.greetwire.ServerStarted")
@Label("Server Started")
@Category({"Greetwire", "Server"})
@Description("A Greetwire server bound its address and began accepting")
public final class ServerStartedEvent extends jdk.jfr.Event {
    /** The transport that runs. */
    @Label("Transport")
    public String transport;

    /** The wire format's name. */
    @Label("Format")
    public String format;

    /** The bound address. */
    @Label("Server Address")
    public String server;
}

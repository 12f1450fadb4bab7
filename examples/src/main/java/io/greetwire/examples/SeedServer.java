package io.greetwire.examples;

import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.Transports;

/**
 * The seed's server.c, written with Greetwire: port 20000 on all interfaces, the seed's greeting
 * in the seed's 255-byte form. Unlike the seed it serves every client, not just the first, and it
 * can rebind at once after a restart. Stop it with Ctrl-C.
 *
 * <pre>java -cp examples/target/greetwire-examples.jar io.greetwire.examples.SeedServer [port]</pre>
 */
public final class SeedServer {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : ServerConfig.DEFAULT_PORT;
        GreetingServer server = Transports.best().newServer(ServerConfig.builder().port(port).build());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("listening on " + server.start());
        Thread.currentThread().join(); // until Ctrl-C; the hook closes the server gracefully
    }

    private SeedServer() { }
}

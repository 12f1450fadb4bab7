package io.greetwire.examples;

import io.greetwire.GreetingServer;
import io.greetwire.Greetwire;
import io.greetwire.ServerConfig;

/**
 * The seed's server.c, written with Greetwire: port 20000 on all interfaces, the seed's greeting
 * in the seed's 255-byte form. Unlike the seed it serves every client, not just the first, and it
 * can rebind at once after a restart. Stop it with Ctrl-C.
 *
 * <p>{@code main} returns as soon as the server listens: a started server keeps the JVM alive
 * until it is closed, here by the shutdown hook that Ctrl-C runs.
 *
 * <pre>java -cp examples/target/greetwire-examples.jar io.greetwire.examples.SeedServer [port]</pre>
 */
public final class SeedServer {
    /**
     * Starts the server and returns; the server runs until Ctrl-C.
     *
     * @param args the port, 20000 if none
     * @throws Exception if the port cannot be bound
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : ServerConfig.DEFAULT_PORT;
        GreetingServer server = Greetwire.newServer(ServerConfig.builder().port(port).build());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "seed-server-shutdown"));
        System.out.println("listening on " + server.start());
    }

    private SeedServer() { }
}

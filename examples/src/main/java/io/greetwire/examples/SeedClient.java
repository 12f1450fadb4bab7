package io.greetwire.examples;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import io.greetwire.Greetwire;
import java.net.InetSocketAddress;

/**
 * The seed's client.c, written with Greetwire: connects to port 20000 of the host given, reads
 * the greeting to the end, prints it.
 *
 * <pre>java -cp examples/target/greetwire-examples.jar io.greetwire.examples.SeedClient 127.0.0.1 [port]</pre>
 */
public final class SeedClient {
    /**
     * Fetches and prints one greeting; exits with 1 on failure.
     *
     * @param args the host, and the port (20000 if none)
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.out.println("usage: SeedClient IP [port]");
            System.exit(1);
        }
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        try (GreetingClient client = Greetwire.newClient(ClientConfig.defaults())) {
            Greeting g = client.fetch(new InetSocketAddress(args[0], port));
            System.out.print("from server " + args[0] + ":\n\t" + g.text());
        } catch (GreetingException e) {
            System.out.println("can not fetch from " + args[0] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private SeedClient() { }
}

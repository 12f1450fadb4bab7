package io.greetwire.examples;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.Greetwire;
import io.greetwire.ServerConfig;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Many greetings in flight from one client: {@code fetchAsync} returns at once, and the selector
 * transports serve them all from a thread or two.
 *
 * <pre>java -cp examples/target/greetwire-examples.jar io.greetwire.examples.AsyncFetch [count] [transport]</pre>
 */
public final class AsyncFetch {
    /**
     * Starts a server, fetches {@code count} greetings at once from one client, prints the rate.
     *
     * @param args the count (1000 if none) and the transport's name (the best if none)
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        String transport = args.length > 1 ? args[1] : Greetwire.transports().get(0);
        ServerConfig sc = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).build();
        try (GreetingServer server = Greetwire.newServer(transport, sc);
             GreetingClient client = Greetwire.newClient(transport, ClientConfig.defaults())) {
            SocketAddress address = server.start();
            long start = System.nanoTime();
            List<CompletableFuture<Greeting>> inFlight = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                inFlight.add(client.fetchAsync(address));
            }
            CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0])).join();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d greetings with %s in %.3f s (%.0f/s); the last: %s",
                    count, transport, seconds, count / seconds, inFlight.get(count - 1).join().text());
        }
    }

    private AsyncFetch() { }
}

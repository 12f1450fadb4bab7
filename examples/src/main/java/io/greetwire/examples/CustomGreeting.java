package io.greetwire.examples;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.GreetingSource;
import io.greetwire.Greetwire;
import io.greetwire.ServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A greeting source of one's own. A per-connection source sees the client's address; a
 * per-second one (cheaper: encoded once a second, shared by every connection) sees only the clock.
 *
 * <pre>java -cp examples/target/greetwire-examples.jar io.greetwire.examples.CustomGreeting</pre>
 */
public final class CustomGreeting {
    /**
     * Starts a server whose per-connection source greets the client by its address, fetches once,
     * prints what it said.
     *
     * @param args none
     * @throws Exception if a server cannot start
     */
    public static void main(String[] args) throws Exception {
        GreetingSource hello = GreetingSource.perConnection(c ->
                "hello " + ((InetSocketAddress) c.remote()).getAddress().getHostAddress() + ":" + ((InetSocketAddress) c.remote()).getPort()
                        + ", it is " + c.now() + "\n");
        ServerConfig sc = ServerConfig.builder()
                .bindAddress(InetAddress.getLoopbackAddress()).port(0)
                .format(GreetingFormat.TEXT).source(hello).build();
        try (GreetingServer server = Greetwire.newServer(sc);
             GreetingClient client = Greetwire.newClient(ClientConfig.builder().format(GreetingFormat.TEXT).build())) {
            SocketAddress address = server.start();
            System.out.print(client.fetch(address).text());
        }
    }

    private CustomGreeting() { }
}

package io.greetwire.examples.lifecycle;

import io.greetwire.GreetingServer;
import io.greetwire.Greetwire;
import io.greetwire.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;

/**
 * The child of {@link KeepAliveTest}: starts a server, prints its port and returns from
 * {@code main}. A daemon thread closes the server when standard input ends, which is how the
 * test stops it without a signal; the JVM must then exit on its own.
 */
public final class ServerMain {
    public static void main(String[] args) throws IOException {
        ServerConfig.Builder b = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0);
        if (args.length > 1) {
            b.option("netty.flavour", args[1]);
        }
        GreetingServer server = Greetwire.newServer(args[0], b.build());
        server.start();
        int port = server.localPort();
        Thread stopper = new Thread(() -> {
            try {
                InputStream in = System.in;
                while (in.read() >= 0) {
                    // nothing is sent; only the end counts
                }
            } catch (IOException e) {
                // the parent is gone: stop all the same
            }
            // Printed first: once close() has ended the keeper, the JVM may exit before another line.
            System.out.println("closing");
            server.close();
        }, "stdin-watcher");
        stopper.setDaemon(true);
        stopper.start();
        System.out.println("port " + port);
        System.out.println("main returns");
    }

    private ServerMain() { }
}

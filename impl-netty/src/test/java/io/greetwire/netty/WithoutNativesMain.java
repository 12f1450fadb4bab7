package io.greetwire.netty;

import io.greetwire.ClientConfig;
import io.greetwire.FailureReason;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.tck.TestNet;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * Run by {@link WithoutNativesTest} in a child JVM whose class path lacks Netty's native jars:
 * prints whether they are absent, the flavour that runs, and how a reset, a refused connect and a
 * client's reset during a greeting are classified, one line each.
 */
final class WithoutNativesMain {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private WithoutNativesMain() { }

    public static void main(String[] args) throws Exception {
        try {
            Class.forName("io.netty.channel.unix.Errors");
            System.out.println("natives: present");
        } catch (ClassNotFoundException e) {
            System.out.println("natives: absent");
        }
        System.out.println("flavour: " + NettyTransport.defaultFlavour());
        NettyTransport transport = new NettyTransport();
        try (ServerSocket resetter = new ServerSocket(0, 50, TestNet.LOOPBACK);
             GreetingClient client = transport.newClient(ClientConfig.defaults())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = resetter.accept()) {
                    s.setSoLinger(true, 0);
                } catch (IOException ignored) {
                    // the fetch then fails otherwise, and the line says how
                }
            });
            acceptor.start();
            System.out.println("reset: " + kindOf(client, resetter.getLocalSocketAddress()));
            acceptor.join();
            try (Socket holder = new Socket()) {
                holder.bind(new InetSocketAddress(TestNet.LOOPBACK, 0)); // bound, not listening
                System.out.println("refused: " + kindOf(client, holder.getLocalSocketAddress()));
            }
        }
        ServerConfig big = ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0).format(GreetingFormat.TEXT)
                .greeting("r".repeat(4 << 20)).writeTimeout(Duration.ofSeconds(60)).build();
        try (GreetingServer server = transport.newServer(big)) {
            server.start();
            Socket peer = new Socket();
            peer.setReceiveBufferSize(4096);
            peer.connect(server.localAddress());
            TestNet.await("accepted", DEADLINE, () -> server.stats().accepted() == 1);
            peer.setSoLinger(true, 0);
            peer.close();
            TestNet.await("the failure counted", DEADLINE, () -> server.stats().failed() == 1);
            System.out.println("server: " + (server.stats().failed(FailureReason.RESET) == 1 ? "RESET" : server.stats()));
        }
    }

    private static String kindOf(GreetingClient client, java.net.SocketAddress address) {
        try {
            client.fetch(address);
            return "no failure";
        } catch (GreetingException e) {
            return e.kind().toString();
        }
    }
}

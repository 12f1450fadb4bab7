package io.greetwire.consumer;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.Greetwire;
import io.greetwire.ServerConfig;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a user does first: each transport serves a greeting on loopback and fetches it, with its
 * MBean registered and a JFR recording on. Usage: {@code Main <expected netty transport>...}
 * (e.g. {@code netty/nio}, or {@code netty/io_uring netty/epoll} with the native jars). Exits 1 on
 * the first thing that is not as expected.
 */
public final class Main {
    private Main() { }

    public static void main(String[] args) throws Exception {
        List<String> nettyExpected = List.of(args);
        String mode = Main.class.getModule().isNamed() ? "module path" : "class path";
        Path jfr = Files.createTempFile("greetwire-consumer", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.greetwire.GreetingServed");
            recording.start();
            for (String name : List.of("blocking", "nio", "netty")) {
                check(name, nettyExpected, mode);
            }
            recording.stop();
            recording.dump(jfr);
        }
        long served = RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().equals("io.greetwire.GreetingServed")).count();
        Files.delete(jfr);
        require(served == 3, "3 io.greetwire.GreetingServed JFR events, got " + served);
        System.out.println("consumer OK on the " + mode + ": 3 transports, 3 JFR events");
    }

    private static void check(String name, List<String> nettyExpected, String mode) throws Exception {
        ServerConfig config = ServerConfig.builder()
                .bindAddress(InetAddress.getLoopbackAddress()).port(0).jmxName("consumer-" + name).build();
        ObjectName mbean = new ObjectName("io.greetwire:type=GreetingServer,name=consumer-" + name);
        try (GreetingServer server = Greetwire.newServer(name, config);
             GreetingClient client = Greetwire.newClient(name, ClientConfig.defaults())) {
            SocketAddress address = server.start();
            Greeting g = client.fetch(address);
            String running = server.stats().transport();
            System.out.println(mode + ": " + running + " on " + address + " says: " + g.text().trim());
            require(g.text().startsWith("welcome to our server.timestamp on server:"), "the seed's greeting, got " + g.text());
            require(ManagementFactory.getPlatformMBeanServer().isRegistered(mbean), mbean + " registered");
            if (name.equals("netty")) {
                require(nettyExpected.contains(running), "netty running one of " + nettyExpected + ", got " + running);
            }
        }
        require(!ManagementFactory.getPlatformMBeanServer().isRegistered(mbean), mbean + " unregistered on close");
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            System.err.println("consumer FAILED: expected " + what);
            System.exit(1);
        }
    }
}

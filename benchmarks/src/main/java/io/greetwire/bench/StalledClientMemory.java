package io.greetwire.bench;

import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.spi.Transports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * What a client that never reads costs the server's kernel: each Greetwire server greets
 * {@code CLIENTS} never-reading clients with a {@code SIZE}-byte greeting, with its default
 * {@code sendBufferSize} (the bound) and with 0 (no bound, the kernel's autotuning); once the
 * send queues stop growing, prints the bytes queued on the server's side per client
 * ({@code tx_queue} of the server's sockets in {@code /proc/net/tcp}: what the kernel holds for it).
 *
 * <pre>java -cp benchmarks.jar io.greetwire.bench.StalledClientMemory [SIZE=1048576] [CLIENTS=20] [TRANSPORT...]</pre>
 */
public final class StalledClientMemory {
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private StalledClientMemory() { }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 20;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<String> transports = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("blocking", "nio", "netty");
        System.out.printf(Locale.ROOT, "| server | sendBufferSize | queued on the server per never-reading client (%s greeting, %d clients) |%n",
                Report.sizeLabel(size), clients);
        System.out.println("| --- | ---: | ---: |");
        for (String t : transports) {
            for (int bound : new int[] {ServerConfig.DEFAULT_SEND_BUFFER_SIZE, 0}) {
                long perClient = measure(t, size, clients, bound);
                System.out.printf(Locale.ROOT, "| %s | %s | %,d bytes |%n", t, bound == 0 ? "0 (kernel autotuning)"
                        : String.format(Locale.ROOT, "%,d (default)", bound), perClient);
            }
        }
    }

    private static long measure(String transport, int size, int clients, int bound) throws Exception {
        ServerConfig config = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0)
                .format(GreetingFormat.TEXT).greeting("x".repeat(size)).ioThreads(1)
                .writeTimeout(Duration.ofSeconds(60)).sendBufferSize(bound).build();
        List<Socket> open = new ArrayList<>();
        try (GreetingServer server = Transports.get(transport).newServer(config)) {
            server.start();
            int port = server.localPort();
            for (int i = 0; i < clients; i++) {
                Socket s = new Socket();
                open.add(s);
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            }
            long deadline = System.nanoTime() + SETTLE.toNanos();
            long last = -1;
            long now = serverQueued(port);
            while (now != last && System.nanoTime() - deadline < 0) { // until the queues stop growing
                last = now;
                LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
                now = serverQueued(port);
            }
            return now / clients;
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    /** The sum of tx_queue over the server's connections (local port {@code port}), closed ones included. */
    static long serverQueued(int port) throws IOException {
        long sum = 0;
        String local = String.format(Locale.ROOT, ":%04X", port);
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                // sl local rem st tx_queue:rx_queue ...; any state but 0A (LISTEN): a server that wrote
                // everything and closed leaves an orphan in FIN_WAIT1 (04) that still holds the data
                if (f.length > 4 && f[1].endsWith(local) && !f[3].equals("0A")) {
                    sum += Long.parseLong(f[4].substring(0, f[4].indexOf(':')), 16);
                }
            }
        }
        return sum;
    }
}

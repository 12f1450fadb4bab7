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
 * What a client that stops reading costs the server's kernel: each Greetwire server greets
 * {@code CLIENTS} clients with a {@code SIZE}-byte greeting, and once the send queues stop
 * growing, prints the bytes queued on the server's side per client ({@code tx_queue} of the
 * server's sockets in {@code /proc/net/tcp}: what the kernel holds for it). Three cases: clients
 * that never read, with the default {@code sendBufferSize} (the bound); clients that read
 * {@value #READ_FIRST} bytes and then stop, with the bound (past the proof its buffer has grown,
 * see {@code SendBuffers}; only for a greeting larger than that); and never-readers with
 * {@code sendBufferSize} 0 (no bound, the kernel's autotuning).
 *
 * <pre>java -cp benchmarks.jar io.greetwire.bench.StalledClientMemory [SIZE=1048576] [CLIENTS=20] [TRANSPORT...]</pre>
 */
public final class StalledClientMemory {
    private static final Duration SETTLE = Duration.ofSeconds(10);
    /** What the clients of the second case read before they stop: twice the default bound's proof. */
    static final int READ_FIRST = 2 << 20;

    private StalledClientMemory() { }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 20;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<String> transports = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("blocking", "nio", "netty");
        boolean readers = size > READ_FIRST;
        System.out.printf(Locale.ROOT, "Bytes queued on the server per client (%s greeting, %d clients):%n%n",
                Report.sizeLabel(size), clients);
        System.out.printf(Locale.ROOT, "| server | never reads, bound %,d (default) |%s never reads, no bound (0) |%n",
                ServerConfig.DEFAULT_SEND_BUFFER_SIZE, readers ? " read " + Report.sizeLabel(READ_FIRST) + " then stopped, bound |" : "");
        System.out.println(readers ? "| --- | ---: | ---: | ---: |" : "| --- | ---: | ---: |");
        for (String t : transports) {
            StringBuilder row = new StringBuilder("| " + t + " | ");
            row.append(String.format(Locale.ROOT, "%,d | ", measure(t, size, clients, ServerConfig.DEFAULT_SEND_BUFFER_SIZE, 0)));
            if (readers) {
                row.append(String.format(Locale.ROOT, "%,d | ", measure(t, size, clients, ServerConfig.DEFAULT_SEND_BUFFER_SIZE, READ_FIRST)));
            }
            row.append(String.format(Locale.ROOT, "%,d |", measure(t, size, clients, 0, 0)));
            System.out.println(row);
        }
    }

    private static long measure(String transport, int size, int clients, int bound, int readFirst) throws Exception {
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
            for (Socket s : open) {
                if (s.getInputStream().readNBytes(readFirst).length != readFirst) {
                    throw new IOException(transport + ": the greeting ended before " + readFirst + " bytes");
                }
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

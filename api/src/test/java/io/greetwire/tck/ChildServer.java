package io.greetwire.tck;

import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.ServerStats;
import io.greetwire.spi.Transports;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A server in a child JVM, for the fault tests that need a process of their own (a descriptor
 * limit, or a resident set to measure). Args: greeting bytes, write timeout in ms, transport name,
 * then options as {@code key=value}. Prints {@code PORT n}, serves a TEXT greeting of that size and
 * answers each line {@code stats} on stdin with {@link #statsLine}; a line {@code stop} or the end
 * of stdin (the parent died) closes the server and exits.
 */
public final class ChildServer {
    public static void main(String[] args) throws Exception {
        ServerConfig.Builder b = ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0)
                .format(GreetingFormat.TEXT).greeting("f".repeat(Integer.parseInt(args[0])))
                .writeTimeout(Duration.ofMillis(Long.parseLong(args[1]))).drainTimeout(Duration.ZERO);
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            b.option(kv[0], kv[1]);
        }
        try (GreetingServer server = Transports.get(args[2]).newServer(b.build())) {
            System.out.println("PORT " + TestNet.port(server.start()));
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.equals("stop"); ) {
                if (line.equals("stats")) {
                    System.out.println(statsLine(server.stats()));
                    System.out.flush();
                }
            }
            System.out.println(statsLine(server.stats()));
            System.out.flush();
        }
    }

    /** {@code STATS transport=T accepted=n greeted=n open=n acceptErrors=n WRITE_TIMEOUT=n ...}. */
    static String statsLine(ServerStats s) {
        StringBuilder b = new StringBuilder("STATS transport=").append(s.transport())
                .append(" accepted=").append(s.accepted()).append(" greeted=").append(s.greeted())
                .append(" open=").append(s.open()).append(" acceptErrors=").append(s.acceptErrors());
        s.failures().forEach((reason, n) -> b.append(' ').append(reason).append('=').append(n));
        return b.toString();
    }

    private ChildServer() { }
}

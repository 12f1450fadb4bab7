package io.greetwire.tck;

import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.spi.Transports;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A server for the "too many open files" test, run in a child JVM under {@code ulimit -n}.
 * Args: transport name, then options as {@code key=value}. Prints {@code PORT n}, serves a 1 MiB
 * TEXT greeting until a line {@code stop} (or EOF) arrives on stdin, then prints
 * {@code STATS acceptErrors=n greeted=n} and exits.
 */
public final class FdLimitedServer {
    public static void main(String[] args) throws Exception {
        ServerConfig.Builder b = ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0)
                .format(GreetingFormat.TEXT).greeting("f".repeat(1 << 20))
                .writeTimeout(Duration.ofSeconds(60)).drainTimeout(Duration.ZERO);
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            b.option(kv[0], kv[1]);
        }
        try (GreetingServer server = Transports.get(args[0]).newServer(b.build())) {
            System.out.println("PORT " + TestNet.port(server.start()));
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.equals("stop"));
            var s = server.stats();
            System.out.println("STATS acceptErrors=" + s.acceptErrors() + " greeted=" + s.greeted());
            System.out.flush();
        }
    }

    private FdLimitedServer() { }
}

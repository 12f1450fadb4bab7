package io.greetwire.bench;

import java.util.Arrays;

/**
 * {@code java -jar benchmarks.jar}: {@code quick ...} and {@code report ...} are this project's;
 * anything else goes to JMH's own command line ({@code -rf json -rff results.json}, {@code -p},
 * {@code -l}, {@code -h}, a benchmark regex, ...).
 */
public final class Main {
    private Main() { }

    /**
     * {@code serve NAME [--port P] [--io-threads N] [--size BYTES]}: runs one benchmark server (a
     * baseline or a Greetwire transport) on loopback until killed, to drive it with another load
     * generator (the {@code load} command, {@code greetload.c}). The seed's greeting, or
     * {@code --size} bytes of TEXT.
     */
    static int serve(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println("usage: serve NAME [--port P] [--io-threads N] [--size BYTES]");
            return 2;
        }
        int port = 0;
        int threads = 1;
        int size = -1;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--port": port = Integer.parseInt(args[++i]); break;
                case "--io-threads": threads = Integer.parseInt(args[++i]); break;
                case "--size": size = Integer.parseInt(args[++i]); break;
                default:
                    System.err.println("serve: unknown argument '" + args[i] + "'");
                    return 2;
            }
        }
        Servers.Greeting g = size < 0 ? new Servers.Greeting(io.greetwire.GreetingFormat.SEED, null)
                : new Servers.Greeting(io.greetwire.GreetingFormat.TEXT, "x".repeat(size));
        BenchServer server = Servers.start(args[0], g, threads, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("serve: " + server.describe() + " on " + server.address().getAddress().getHostAddress()
                + ":" + server.address().getPort());
        Thread.currentThread().join();
        return 0;
    }

    /**
     * JMH's command line, or {@code quick}, {@code report} or {@code serve}.
     *
     * @param args a subcommand and its arguments, or JMH's
     * @throws Exception if the run fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("report")) {
            System.exit(Report.main0(Arrays.copyOfRange(args, 1, args.length)));
        } else if (args.length > 0 && args[0].equals("quick")) {
            System.exit(Quick.main0(Arrays.copyOfRange(args, 1, args.length)));
        } else if (args.length > 0 && args[0].equals("serve")) {
            System.exit(serve(Arrays.copyOfRange(args, 1, args.length)));
        } else {
            org.openjdk.jmh.Main.main(args);
        }
    }
}

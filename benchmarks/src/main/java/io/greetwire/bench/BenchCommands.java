package io.greetwire.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The benchmarks' own commands, {@code serve}, {@code quick} and {@code report}: parsed by picocli,
 * so each has {@code --help}, a missing or bad value is a one-line error with the usage, and the
 * exit status says what happened (0 done, 1 failed, 2 bad command line).
 */
final class BenchCommands {
    /** The commands this class runs; anything else goes to JMH. */
    static final Set<String> NAMES = Set.of("serve", "quick", "report");

    private BenchCommands() { }

    /** Runs command {@code name} with {@code args}; returns its exit status. */
    static int execute(String name, String... args) {
        Object command;
        switch (name) {
            case "serve": command = new ServeCommand(); break;
            case "quick": command = new QuickCommand(); break;
            case "report": command = new ReportCommand(); break;
            default: throw new IllegalArgumentException("not a benchmarks command: " + name);
        }
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandName() + ": " + e);
            return 1;
        });
        return cl.execute(args);
    }

    /** {@code serve}: one benchmark server on loopback until killed. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Runs one benchmark server (a baseline or a Greetwire transport) on loopback or a Unix socket until killed,"
                + " to drive it with another load generator (the examples' load command, greetload.c)."
                + " It sends the seed's greeting, or --size bytes of TEXT.")
    static final class ServeCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "the server: a transport (blocking, nio, netty, ...) or a baseline (base-...)")
        String name;

        @Option(names = "--port", description = "port, 0 for an ephemeral one (default: ${DEFAULT-VALUE})", defaultValue = "0")
        int port;

        @Option(names = "--io-threads", description = "I/O threads (default: ${DEFAULT-VALUE})", defaultValue = "1")
        int ioThreads;

        @Option(names = "--size", description = "greeting bytes of TEXT instead of the seed's greeting")
        Integer size;

        @Option(names = "--unix", paramLabel = "PATH", description = "serve on this Unix socket path instead of TCP")
        java.nio.file.Path unix;

        @Override
        public Integer call() throws Exception {
            Servers.Greeting g = size == null ? new Servers.Greeting(io.greetwire.GreetingFormat.SEED, null)
                    : new Servers.Greeting(io.greetwire.GreetingFormat.TEXT, "x".repeat(size));
            BenchServer server = unix != null
                    ? Servers.start(name, g, ioThreads, java.net.UnixDomainSocketAddress.of(unix))
                    : Servers.start(name, g, ioThreads, port);
            java.nio.file.Path socketFile = unix;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                if (socketFile != null) {
                    try {
                        java.nio.file.Files.deleteIfExists(socketFile); // the baselines leave theirs behind
                    } catch (java.io.IOException ignored) {
                        // exiting
                    }
                }
            }));
            java.net.SocketAddress a = server.address();
            System.out.println("serve: " + server.describe() + " on " + (a instanceof java.net.InetSocketAddress
                    ? ((java.net.InetSocketAddress) a).getAddress().getHostAddress() + ":" + ((java.net.InetSocketAddress) a).getPort()
                    : "unix:" + a));
            Thread.currentThread().join();
            return 0;
        }
    }

    /** {@code quick}: the reduced matrix, then the report. */
    @Command(name = "quick", mixinStandardHelpOptions = true,
            description = "Runs every benchmark over a reduced matrix, writes results.json, then the report."
                + " JMH options go after --, e.g. quick -- -f 2 -i 5.")
    static final class QuickCommand implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "DIR", description = "where results and report go (default: ${DEFAULT-VALUE})",
                defaultValue = "results/quick")
        Path out;

        @Option(names = "--smoke", description = "one 100 ms iteration, no warmup: proves it runs, measures nothing")
        boolean smoke;

        @Parameters(paramLabel = "JMH_OPTION", arity = "0..*", description = "JMH's own options, after --")
        List<String> jmh = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return Quick.run(out, smoke, jmh.toArray(new String[0]));
        }
    }

    /** {@code report}: Markdown and charts from a JMH JSON file. */
    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Writes the report (Markdown and PNG charts) of a JMH results file.")
    static final class ReportCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RESULTS.json", description = "JMH's JSON results (-rf json)")
        Path in;

        @Option(names = "--out", paramLabel = "DIR", description = "where the report goes (default: ${DEFAULT-VALUE})",
                defaultValue = "report")
        Path out;

        @Option(names = "--iperf-gbits", paramLabel = "GBITS_PER_S", description = "iperf3's loopback rate, drawn as a line")
        Double iperfGbits;

        @Option(names = "--compact", paramLabel = "FILE.json", description = "also write a compact copy of the results")
        Path compact;

        @Option(names = "--cost", paramLabel = "COST.md",
                description = "benchmarks/cost.sh's table: the server CPU section (repeatable: the seed's greeting, SIZE=...)")
        List<Path> cost = new ArrayList<>();

        @Option(names = "--latency", paramLabel = "LATENCY.csv",
                description = "benchmarks/latency.sh's CSV: the latency-vs-rate section and its charts")
        Path latency;

        @Option(names = "--tls", paramLabel = "TLS.csv",
                description = "benchmarks/tls-crosscheck.sh's CSV: handshakes/s and server CPU against openssl s_server")
        Path tls;

        @Override
        public Integer call() throws Exception {
            return Report.run(in, out, iperfGbits, compact, cost, latency, tls);
        }
    }
}

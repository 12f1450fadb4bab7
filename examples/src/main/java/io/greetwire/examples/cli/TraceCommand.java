package io.greetwire.examples.cli;

import io.greetwire.ClientConfig;
import io.greetwire.ClientTls;
import io.greetwire.ServerTls;
import io.greetwire.TlsVersion;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.examples.trace.Segment;
import io.greetwire.examples.trace.SegmentAnnotator;
import io.greetwire.examples.trace.SegmentAnnotator.Annotated;
import io.greetwire.examples.trace.SegmentAnnotator.Kind;
import io.greetwire.examples.trace.TcpdumpCapture;
import io.greetwire.examples.trace.TcpdumpParser;
import io.greetwire.examples.trace.TlsRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import io.greetwire.spi.GreetingTransport;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trace}: the seed's lesson, run for real. Starts a server on a loopback port, captures
 * that port with tcpdump while one client fetches one greeting, and prints each segment with what
 * it is, then the client's timings.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Captures one greeting exchange on loopback with tcpdump (needs root or CAP_NET_RAW) "
            + "and explains every segment: the handshake, the greeting data, the FINs and the last ACK; "
            + "then the client's timings. Without a capture it says why in one line and still prints the timings.")
final class TraceCommand implements Callable<Integer> {

    @Option(names = "--transport", description = "server and client transport: blocking, nio or netty (default: ${DEFAULT-VALUE})",
            defaultValue = "blocking")
    String transport;

    @Option(names = "--format", description = "seed, text, daytime or time (default: ${DEFAULT-VALUE})", defaultValue = "seed")
    GreetingFormat format;

    @Option(names = "--bind", description = "loopback address to serve on (default: ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
    String bind;

    @Option(names = "--interface", description = "interface to capture on (default: ${DEFAULT-VALUE})", defaultValue = "lo")
    String iface;

    @Option(names = "--tls", description = "greet over TLS 1.3 with a throw-away self-signed certificate and show the TLS records "
            + "inside each segment (tcpdump -x)")
    boolean tls;

    @Option(names = "--wait", description = "seconds to wait for tcpdump to start, and to stop (default: ${DEFAULT-VALUE})",
            defaultValue = "10")
    long waitSeconds;

    @Override
    public Integer call() throws Exception {
        ServerConfig.Builder sb = ServerConfig.builder().bindAddress(Cli.resolve(bind)).port(0).format(format);
        ClientConfig.Builder cb = ClientConfig.builder().format(format);
        Path dir = null;
        if (tls) {
            dir = Files.createTempDirectory("greetwire-trace");
            SelfSigned.Files2 pem = SelfSigned.make(dir);
            sb.tls(ServerTls.fromPem(pem.cert(), pem.key()).versions(TlsVersion.TLS_1_3).build());
            cb.tls(ClientTls.builder().trust(pem.cert()).versions(TlsVersion.TLS_1_3).build());
        }
        try {
            return run(sb.build(), cb);
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        }
    }

    private int run(ServerConfig config, ClientConfig.Builder cb) throws Exception {
        PrintStream out = System.out;
        GreetingTransport t = Cli.transport(transport);
        Duration wait = Duration.ofSeconds(waitSeconds);
        try (GreetingServer server = t.newServer(config);
                GreetingClient client = t.newClient(cb.connectTimeout(wait).readTimeout(wait).build())) {
            InetSocketAddress bound = (InetSocketAddress) server.start(); // tcpdump watches TCP
            int port = bound.getPort();
            out.println("server: listening on " + Cli.hostPort(bound) + " transport=" + server.stats().transport()
                    + " format=" + Cli.formatName(format));
            // One fetch before the capture, so the timings are of a warm JVM rather than of class loading.
            client.fetch(bound);

            TcpdumpCapture capture = null;
            String noCapture = null;
            try {
                capture = TcpdumpCapture.start(iface, port, tls, wait);
                out.println("capture: " + capture.commandLine());
            } catch (TcpdumpCapture.Unavailable e) {
                noCapture = e.getMessage();
            }
            out.flush();

            Greeting g;
            try {
                g = client.fetch(bound);
            } catch (GreetingException e) {
                if (capture != null) {
                    capture.close();
                }
                throw e;
            }

            List<Annotated> annotated = List.of();
            List<List<String>> records = List.of();
            if (capture != null) {
                TcpdumpParser parser = new TcpdumpParser();
                // The client's FIN and the server's last ACK go out as the client closes: give
                // tcpdump a moment to print them, but never wait long for a segment that may not come.
                capture.await(lines -> SegmentAnnotator.annotate(port, parser.parse(lines)).stream()
                        .anyMatch(a -> a.kind() == Kind.LAST_ACK || a.kind() == Kind.RESET), Duration.ofSeconds(5));
                List<String> lines = capture.stop(wait);
                annotated = SegmentAnnotator.annotate(port, parser.parse(lines));
                if (tls) {
                    records = TlsRecords.describe(port, parser.parsePackets(lines));
                }
            }

            out.print("client: " + Cli.printable(g));
            if (capture != null) {
                out.println();
                for (int i = 0; i < annotated.size(); i++) {
                    out.println(line(i + 1, tls ? overTls(annotated.get(i)) : annotated.get(i)));
                    if (i < records.size()) {
                        for (String r : records.get(i)) {
                            out.println("      " + r);
                        }
                    }
                }
                out.println();
            } else {
                out.println("trace: no capture: " + noCapture);
            }
            out.println(String.format(Locale.ROOT, "timings (client): connect %s, first byte %s, complete %s; %d bytes",
                    ms(g.connectTime()), ms(g.firstByteTime()), ms(g.totalTime()), g.length()));
            if (capture != null && tls) {
                out.println("TCP's three-way handshake, then TLS 1.3's one round trip (ClientHello; ServerHello with the "
                        + "server's encrypted flight): the seed's lesson one layer up. The greeting waits for both.");
            }
            if (capture != null) {
                out.println(annotated.size() + " segments");
            }
            out.flush();
            return 0;
        }
    }

    static String line(int n, Annotated a) {
        Segment s = a.segment();
        return String.format(Locale.ROOT, "(%d) %-16s  %-7s %-41s len %-4d %s",
                n, a.direction().label(), "[" + s.flags() + "]", s.numbers(), s.length(), a.description());
    }

    /** Over TLS the bytes are TLS records, not the greeting itself: say so (the records follow). */
    static Annotated overTls(Annotated a) {
        int n = a.segment().length();
        switch (a.kind()) {
            case DATA:
                return new Annotated(a.segment(), a.direction(), a.kind(), "TLS data from the server, " + n + " bytes");
            case DATA_FIN:
                return new Annotated(a.segment(), a.direction(), a.kind(), "TLS data from the server, " + n + " bytes, and its FIN");
            case DATA_ACK:
                return new Annotated(a.segment(), a.direction(), a.kind(), "the client acknowledges the server's data (ack "
                        + a.segment().ack() + ")");
            case CLIENT_DATA:
                return new Annotated(a.segment(), a.direction(), a.kind(), "TLS data from the client, " + n + " bytes");
            default:
                return a;
        }
    }

    private static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.3f ms", d.toNanos() / 1e6);
    }
}

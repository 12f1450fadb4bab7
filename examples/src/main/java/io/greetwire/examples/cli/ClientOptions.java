package io.greetwire.examples.cli;

import io.greetwire.ClientConfig;
import io.greetwire.ClientTls;
import io.greetwire.TlsVersion;
import io.greetwire.GreetingFormat;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of every command that fetches ({@code client}, {@code load}): one place for their names and defaults. */
final class ClientOptions {

    @Option(names = "--port", description = "port (default: ${DEFAULT-VALUE})", defaultValue = "20000")
    int port;

    @Option(names = "--unix", paramLabel = "PATH", description = "fetch from the Unix domain socket at PATH instead of a host and port")
    Path unix;

    @Option(names = "--format", description = "seed, text, daytime or time (default: ${DEFAULT-VALUE})", defaultValue = "seed")
    GreetingFormat format;

    @Option(names = "--connect-timeout", description = "seconds (default: ${DEFAULT-VALUE})",
            defaultValue = "" + ClientConfig.DEFAULT_CONNECT_TIMEOUT_SECONDS)
    long connectTimeoutSeconds;

    @Option(names = "--read-timeout", description = "seconds (default: ${DEFAULT-VALUE})",
            defaultValue = "" + ClientConfig.DEFAULT_READ_TIMEOUT_SECONDS)
    long readTimeoutSeconds;

    @Option(names = "--max-bytes", description = "largest greeting accepted (default: ${DEFAULT-VALUE})",
            defaultValue = "" + ClientConfig.DEFAULT_MAX_GREETING_BYTES)
    int maxBytes;

    @Option(names = "--io-threads", description = "client I/O threads, 0 lets the transport choose (default: ${DEFAULT-VALUE})",
            defaultValue = "0")
    int ioThreads;

    @Option(names = "--option", description = "a transport option KEY=VALUE, e.g. netty.flavour=epoll")
    Map<String, String> options = new HashMap<>();

    @Option(names = "--tls", description = "fetch over TLS (the certificate is checked against the JDK's trust store, or --tls-trust)")
    boolean tls;

    @Option(names = "--tls-trust", paramLabel = "FILE", description = "trust the CA certificates of this PEM file (implies --tls)")
    java.nio.file.Path tlsTrust;

    @Option(names = "--tls-server-name", paramLabel = "NAME", description = "the name to send as SNI and check the certificate against (default: the host)")
    String tlsServerName;

    @Option(names = "--tls12", description = "offer TLS 1.2 as well (default: TLS 1.3 only)")
    boolean tls12;

    /**
     * Where to fetch from: the Unix socket of {@code --unix}, or {@code host} and {@code --port}.
     *
     * @throws IllegalArgumentException if both or neither are given, or the host does not resolve
     */
    SocketAddress server(String host) {
        if (unix != null) {
            if (host != null) {
                throw new IllegalArgumentException("give a host or --unix PATH, not both (got " + host + " and --unix " + unix + ")");
            }
            return UnixDomainSocketAddress.of(unix);
        }
        if (host == null) {
            throw new IllegalArgumentException("give a server host (or --unix PATH)");
        }
        return new InetSocketAddress(Cli.resolve(host), port);
    }

    /** The client config these options describe; a bad value is an IllegalArgumentException naming it. */
    ClientConfig config() {
        ClientConfig.Builder b = ClientConfig.builder().format(format)
                .connectTimeout(Duration.ofSeconds(connectTimeoutSeconds))
                .readTimeout(Duration.ofSeconds(readTimeoutSeconds))
                .maxGreetingBytes(maxBytes)
                .ioThreads(ioThreads);
        options.forEach(b::option);
        if (tls || tlsTrust != null || tlsServerName != null || tls12) {
            ClientTls.Builder t = ClientTls.builder().serverName(tlsServerName);
            if (tlsTrust != null) {
                t.trust(tlsTrust);
            }
            if (tls12) {
                t.versions(TlsVersion.TLS_1_3, TlsVersion.TLS_1_2);
            }
            b.tls(t.build());
        }
        return b.build();
    }
}

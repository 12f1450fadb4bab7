package io.greetwire.internal;

import io.greetwire.ClientTls;
import io.greetwire.ServerTls;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** Makes the JDK {@link SSLEngine}s of the TLS settings, the same way for every transport. */
public final class TlsEngines {
    private TlsEngines() { }

    /** A server-side engine: the setting's versions, a client certificate if it requires one. */
    public static SSLEngine server(ServerTls tls) {
        SSLEngine engine = tls.sslContext().createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(tls.protocolNames());
        if (tls.clientAuth()) {
            engine.setNeedClientAuth(true);
        }
        return engine;
    }

    /**
     * A client-side engine for {@code server}. Its peer host and port (the session cache's key, so
     * a second fetch resumes: {@link #cachePort}) and the name checked are {@link #peerName}; that
     * name goes out as SNI unless it is an IP address, which SNI cannot carry.
     *
     * @throws IllegalArgumentException for an address without a host (a Unix socket) and no
     *     {@link ClientTls#serverName()}: there would be no name to check the certificate against
     */
    public static SSLEngine client(ClientTls tls, SocketAddress server) {
        String name = peerName(tls, server);
        SSLEngine engine = tls.sslContext().createSSLEngine(name, cachePort(server));
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(tls.protocolNames());
        if (tls.verifyHostname()) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isIpLiteral(name)) {
            p.setServerNames(List.of(new SNIHostName(name)));
        }
        engine.setSSLParameters(p);
        return engine;
    }

    /**
     * The port the JDK's session cache files {@code server}'s sessions under, with the peer name:
     * the TCP port; for a Unix socket, a number above the TCP ports made from its path, because the
     * JDK caches no session of an engine without a port (-1), so no fetch over a Unix socket would
     * resume. The port is the cache's key and nothing else: the certificate is checked against the name.
     */
    static int cachePort(SocketAddress server) {
        if (server instanceof InetSocketAddress) {
            return ((InetSocketAddress) server).getPort();
        }
        return UNIX_CACHE_PORTS + Math.floorMod(server.toString().hashCode(), Integer.MAX_VALUE - UNIX_CACHE_PORTS);
    }

    /** Where {@link #cachePort} numbers Unix sockets from: above every TCP port, so they never share a cache key. */
    private static final int UNIX_CACHE_PORTS = 65_536;

    /** The name a client expects the certificate to carry: the setting's serverName, else the address's host. */
    public static String peerName(ClientTls tls, SocketAddress server) {
        if (tls.serverName().isPresent()) {
            return tls.serverName().get();
        }
        if (!(server instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("serverName: TLS to " + server + " needs ClientTls.serverName(...),"
                    + " the name to check the certificate against; the address has no host");
        }
        InetSocketAddress a = (InetSocketAddress) server;
        // An address made from an IP has its literal as host string; one made from a name keeps the name.
        String host = a.getHostString();
        return host != null ? host : a.getAddress().getHostAddress();
    }

    /** For a server's start log line: {@code " tls=jdk TLSv1.3"}, or "" without TLS. */
    public static String describe(ServerTls tls, String provider) {
        return tls == null ? "" : " tls=" + provider + " " + String.join(",", tls.protocolNames());
    }

    static boolean isIpLiteral(String name) {
        return name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}

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
     * A client-side engine for {@code server}. Its peer host and port are the session cache's key
     * (so a second fetch resumes): the host is {@link #peerName}, also the name checked, which goes
     * out as SNI unless it is an IP address, which SNI cannot carry; the port is
     * {@link #sessionPort}.
     *
     * @throws IllegalArgumentException for an address without a host (a Unix socket) and no
     *     {@link ClientTls#serverName()}: there would be no name to check the certificate against
     */
    public static SSLEngine client(ClientTls tls, SocketAddress server) {
        String name = peerName(tls, server);
        SSLEngine engine = tls.sslContext().createSSLEngine(name, sessionPort(server));
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

    /**
     * The port a client engine is made with: a TCP address's port; for a Unix socket, one above
     * the TCP range made from the path. The JDK keeps no session in its client cache for an
     * engine without a port (-1), so without this a fetch over a Unix socket would never resume.
     * Two paths with the same hash only share a cache slot: a ticket offered to the wrong server
     * is refused by it and the handshake is a full one, as without a cache.
     */
    static int sessionPort(SocketAddress server) {
        if (server instanceof InetSocketAddress) {
            return ((InetSocketAddress) server).getPort();
        }
        return UNIX_PORTS + (server.toString().hashCode() & 0x3fff_ffff);
    }

    /** Where the ports of {@link #sessionPort} for Unix sockets begin: above every TCP port, {@value}. */
    static final int UNIX_PORTS = 0x1_0000;

    /** For a server's start log line: {@code " tls=jdk TLSv1.3"}, or "" without TLS. */
    public static String describe(ServerTls tls, String provider) {
        return tls == null ? "" : " tls=" + provider + " " + String.join(",", tls.protocolNames());
    }

    static boolean isIpLiteral(String name) {
        return name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}

package io.greetwire.netty;

import io.greetwire.ServerTls;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The server's Netty {@link SslContext}: OpenSSL (BoringSSL from netty-tcnative) when asked for
 * or, under {@code auto}, when it is on the class path; else the JDK. A setting made from an
 * {@link javax.net.ssl.SSLContext} always runs on that context, i.e. on the JDK.
 */
final class NettyTls {
    private NettyTls() { }

    /** A built context and the provider's name for stats and the log ({@code openssl} or {@code jdk}). */
    record Server(SslContext context, String provider) { }

    /** Why OpenSSL cannot run here, or "" if it can. */
    static String openSslUnavailableReason() {
        try {
            if (OpenSsl.isAvailable()) {
                return "";
            }
            Throwable t = OpenSsl.unavailabilityCause();
            return "netty-tcnative (io.netty:netty-tcnative-boringssl-static with this platform's classifier) is not usable: " + t;
        } catch (LinkageError e) {
            return "netty-handler's OpenSSL support cannot load: " + e;
        }
    }

    static Server server(ServerTls tls, String provider) throws SSLException {
        ClientAuth auth = tls.clientAuth() ? ClientAuth.REQUIRE : ClientAuth.NONE;
        if (tls.certificateChainFile().isEmpty()) {
            return new Server(new JdkSslContext(tls.sslContext(), false, null, IdentityCipherSuiteFilter.INSTANCE,
                    ApplicationProtocolConfig.DISABLED, auth, tls.protocolNames(), false), "jdk");
        }
        boolean openSsl = provider.equals("openssl") || (provider.equals("auto") && openSslUnavailableReason().isEmpty());
        SslContextBuilder b = SslContextBuilder
                .forServer(tls.certificateChainFile().get().toFile(), tls.keyFile().get().toFile())
                .sslProvider(openSsl ? SslProvider.OPENSSL : SslProvider.JDK)
                .protocols(List.of(tls.protocolNames()))
                .clientAuth(auth);
        if (tls.clientCaFile().isPresent()) {
            b.trustManager(tls.clientCaFile().get().toFile());
        }
        return new Server(b.build(), openSsl ? "openssl" : "jdk");
    }
}

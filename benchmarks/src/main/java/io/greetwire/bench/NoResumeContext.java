package io.greetwire.bench;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A client {@link SSLContext} under which no handshake can resume, for the benchmarks' {@code tls=full}.
 *
 * <p>The JDK finds a session to resume by the engine's peer host and port, and uses the port for
 * nothing else (the certificate is checked against the host). So every engine made here gets a port
 * of its own, and its cache keeps one entry: no engine ever finds a ticket. Forgetting sessions after
 * each fetch instead would race with fetches in flight, which store their tickets before they end.
 */
final class NoResumeContext extends SSLContext {
    NoResumeContext(SSLContext delegate) {
        super(new Spi(delegate), delegate.getProvider(), delegate.getProtocol());
        delegate.getClientSessionContext().setSessionCacheSize(1);
    }

    private static final class Spi extends SSLContextSpi {
        private static final int PORTS = 65_535;
        private final SSLContext delegate;
        private final AtomicInteger next = new AtomicInteger();

        Spi(SSLContext delegate) {
            this.delegate = delegate;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
            throw new UnsupportedOperationException("initialised by the context it wraps");
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return delegate.createSSLEngine(host, 1 + Math.floorMod(next.getAndIncrement(), PORTS));
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return delegate.createSSLEngine();
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return delegate.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return delegate.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }
}

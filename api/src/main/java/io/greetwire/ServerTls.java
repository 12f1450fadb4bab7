package io.greetwire;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A server's TLS setting: its certificate and key, the TLS versions it speaks, whether it asks
 * clients for a certificate, and how long a handshake may take. Immutable; the files are read and
 * checked once, on {@link Builder#build()}.
 *
 * <pre>{@code
 * ServerTls tls = ServerTls.fromPem(Path.of("cert.pem"), Path.of("key.pem")).build();
 * ServerConfig config = ServerConfig.builder().tls(tls).build();
 * }</pre>
 *
 * <p>Over TLS a server greets once the handshake is done, then sends {@code close_notify} and
 * its FIN; a client that stalls in the handshake is dropped at the handshake timeout and counted
 * as {@link FailureReason#HANDSHAKE_TIMEOUT}.
 */
public final class ServerTls {
    /** Seconds a client may take to complete the handshake: {@value}. */
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 10;

    private final SSLContext context;
    private final Path certificateChainFile;
    private final Path keyFile;
    private final Path clientCaFile;
    private final boolean clientAuth;
    private final Set<TlsVersion> versions;
    private final Duration handshakeTimeout;

    private ServerTls(Builder b) {
        this.versions = ConfigChecks.versions(b.versions);
        this.handshakeTimeout = ConfigChecks.positive("handshakeTimeout", b.handshakeTimeout);
        this.certificateChainFile = b.certificateChainFile;
        this.keyFile = b.keyFile;
        this.clientCaFile = b.clientCaFile;
        this.clientAuth = b.clientAuth || b.clientCaFile != null;
        if (b.context != null) {
            if (b.clientCaFile != null) {
                throw new IllegalArgumentException("clientCa: a server built from an SSLContext takes its trust from"
                        + " that context; use requireClientAuth() instead of " + b.clientCaFile);
            }
            this.context = b.context;
        } else {
            this.context = pemContext(b.certificateChainFile, b.keyFile, b.clientCaFile);
        }
    }

    /**
     * A builder for a server that presents the certificate chain of one PEM file (leaf first) and
     * the unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}, EC or RSA) of another.
     */
    public static Builder fromPem(Path certificateChain, Path privateKey) {
        Builder b = new Builder();
        b.certificateChainFile = Objects.requireNonNull(certificateChain, "certificateChain");
        b.keyFile = Objects.requireNonNull(privateKey, "privateKey");
        return b;
    }

    /** A builder for a server that uses an {@link SSLContext} of its own (key managers, trust, provider). */
    public static Builder fromContext(SSLContext context) {
        Builder b = new Builder();
        b.context = Objects.requireNonNull(context, "context");
        return b;
    }

    private static SSLContext pemContext(Path chainFile, Path keyFile, Path caFile) {
        List<X509Certificate> chain = Pem.certificates("certificateChain", chainFile);
        PrivateKey key = Pem.privateKey("privateKey", keyFile);
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("privateKey: " + keyFile + " is an " + key.getAlgorithm()
                    + " key but the certificate in " + chainFile + " has an " + chain.get(0).getPublicKey().getAlgorithm() + " key");
        }
        try {
            char[] password = new char[0];
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(Pem.keyStore(key, chain, password), password);
            TrustManagerFactory tmf = null;
            if (caFile != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(Pem.trustStore(Pem.certificates("clientCa", caFile)));
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("certificateChain: cannot use " + chainFile + " with " + keyFile + ": " + e, e);
        }
    }

    /** The context handshakes are made with. */
    public SSLContext sslContext() { return context; }

    /** The PEM certificate chain, if the setting was made {@linkplain #fromPem from PEM files}. */
    public Optional<Path> certificateChainFile() { return Optional.ofNullable(certificateChainFile); }

    /** The PEM private key, if the setting was made {@linkplain #fromPem from PEM files}. */
    public Optional<Path> keyFile() { return Optional.ofNullable(keyFile); }

    /** The PEM file of the CAs a client certificate must chain to, if one was given. */
    public Optional<Path> clientCaFile() { return Optional.ofNullable(clientCaFile); }

    /** Whether a client must present a certificate (mutual TLS); false by default. */
    public boolean clientAuth() { return clientAuth; }

    /** The versions offered, {@link TlsVersion#TLS_1_3} alone by default. */
    public Set<TlsVersion> versions() { return versions; }

    /** The versions as the JDK names them, e.g. {@code TLSv1.3}, newest first. */
    public String[] protocolNames() { return ConfigChecks.protocolNames(versions); }

    /**
     * Time from accept until the handshake must be done, {@value #DEFAULT_HANDSHAKE_TIMEOUT_SECONDS} s
     * by default; a client that stalls longer is reset and counted as {@link FailureReason#HANDSHAKE_TIMEOUT}.
     */
    public Duration handshakeTimeout() { return handshakeTimeout; }

    @Override
    public String toString() {
        return "ServerTls{" + (certificateChainFile != null ? "cert=" + certificateChainFile + ", key=" + keyFile : "context=" + context.getProvider())
                + ", versions=" + versions + ", clientAuth=" + clientAuth
                + (clientCaFile != null ? ", clientCa=" + clientCaFile : "") + ", handshakeTimeout=" + handshakeTimeout + '}';
    }

    /** Builds a {@link ServerTls}. Not thread-safe. */
    public static final class Builder {
        private SSLContext context;
        private Path certificateChainFile;
        private Path keyFile;
        private Path clientCaFile;
        private boolean clientAuth;
        private Set<TlsVersion> versions = EnumSet.of(TlsVersion.TLS_1_3);
        private Duration handshakeTimeout = Duration.ofSeconds(DEFAULT_HANDSHAKE_TIMEOUT_SECONDS);

        private Builder() { }

        /** Requires a client certificate that chains to a CA of this PEM file (mutual TLS). */
        public Builder clientCa(Path caCertificates) { this.clientCaFile = Objects.requireNonNull(caCertificates, "clientCa"); return this; }

        /** Requires a client certificate trusted by the {@link SSLContext}'s own trust managers. */
        public Builder requireClientAuth() { this.clientAuth = true; return this; }

        /** The versions to offer; {@code versions(TLS_1_3, TLS_1_2)} also accepts TLS 1.2 clients. */
        public Builder versions(TlsVersion... versions) { this.versions = ConfigChecks.versionSet(versions); return this; }

        /** See {@link ServerTls#handshakeTimeout()}. */
        public Builder handshakeTimeout(Duration timeout) { this.handshakeTimeout = timeout; return this; }

        /**
         * Reads and checks the files.
         *
         * @throws IllegalArgumentException naming the field, the file and what is wrong with it
         */
        public ServerTls build() {
            return new ServerTls(this);
        }
    }
}

package io.greetwire;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client's TLS setting: whom it trusts, which name it expects, the TLS versions it speaks.
 * Immutable; files are read and checked once, on {@link Builder#build()}.
 *
 * <p>The server's certificate must chain to a trusted CA (the CAs of a PEM file, or the JDK's
 * default trust store) and be valid for the name: by default the host of the address fetched
 * (its host name, or its IP address), which is also sent as SNI when it is a name;
 * {@link Builder#serverName(String)} overrides both. There is deliberately no way to trust every
 * certificate.
 *
 * <p>Every client made with one {@code ClientTls} shares its session cache, so a second fetch to
 * the same server resumes the session (TLS 1.3 tickets) and skips the certificate work; see
 * {@link Greeting#tlsResumed()}.
 */
public final class ClientTls {
    private final SSLContext context;
    private final Path trustFile;
    private final String serverName;
    private final boolean verifyHostname;
    private final Set<TlsVersion> versions;

    private ClientTls(Builder b) {
        this.versions = ConfigChecks.versions(b.versions);
        this.trustFile = b.trustFile;
        this.serverName = b.serverName;
        if (serverName != null && (serverName.isBlank() || serverName.endsWith("."))) {
            throw new IllegalArgumentException("serverName: must be a host name without a trailing dot, got '" + serverName + "'");
        }
        this.verifyHostname = b.verifyHostname;
        if (b.context != null) {
            if (b.trustFile != null || b.certificateFile != null) {
                throw new IllegalArgumentException("trust: a client built from an SSLContext takes its trust and identity"
                        + " from that context, got " + (b.trustFile != null ? b.trustFile : b.certificateFile));
            }
            this.context = b.context;
        } else {
            this.context = context(b.trustFile, b.certificateFile, b.keyFile);
        }
    }

    /** A builder: the JDK's default trust store, host name verification on, TLS 1.3. */
    public static Builder builder() {
        return new Builder();
    }

    /** The JDK's default trust store, host name verification on, TLS 1.3. */
    public static ClientTls defaults() {
        return builder().build();
    }

    private static SSLContext context(Path trustFile, Path certFile, Path keyFile) {
        try {
            TrustManagerFactory tmf = null;
            if (trustFile != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(Pem.trustStore(Pem.certificates("trust", trustFile)));
            }
            KeyManagerFactory kmf = null;
            if (certFile != null) {
                List<X509Certificate> chain = Pem.certificates("certificate", certFile);
                PrivateKey key = Pem.privateKey("privateKey", keyFile);
                char[] password = new char[0];
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(Pem.keyStore(key, chain, password), password);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("trust: cannot make a TLS context"
                    + (trustFile != null ? " trusting " + trustFile : "") + ": " + e, e);
        }
    }

    /** The context handshakes are made with; it holds the session cache. */
    public SSLContext sslContext() { return context; }

    /** The PEM file of trusted CAs; empty for the JDK's default trust store. */
    public Optional<Path> trustFile() { return Optional.ofNullable(trustFile); }

    /** The name sent as SNI and checked against the certificate; empty for the host of the address fetched. */
    public Optional<String> serverName() { return Optional.ofNullable(serverName); }

    /** Whether the certificate must be valid for the server's name; true by default. */
    public boolean verifyHostname() { return verifyHostname; }

    /** The versions offered, {@link TlsVersion#TLS_1_3} alone by default. */
    public Set<TlsVersion> versions() { return versions; }

    /** The versions as the JDK names them, e.g. {@code TLSv1.3}, newest first. */
    public String[] protocolNames() { return ConfigChecks.protocolNames(versions); }

    @Override
    public String toString() {
        return "ClientTls{trust=" + (trustFile != null ? trustFile : "jdk-default") + ", serverName=" + serverName
                + ", verifyHostname=" + verifyHostname + ", versions=" + versions + '}';
    }

    /** Builds a {@link ClientTls}. Not thread-safe. */
    public static final class Builder {
        private SSLContext context;
        private Path trustFile;
        private Path certificateFile;
        private Path keyFile;
        private String serverName;
        private boolean verifyHostname = true;
        private Set<TlsVersion> versions = EnumSet.of(TlsVersion.TLS_1_3);

        private Builder() { }

        /** Trusts the CA certificates of this PEM file instead of the JDK's default trust store. */
        public Builder trust(Path caCertificates) { this.trustFile = Objects.requireNonNull(caCertificates, "trust"); return this; }

        /** Uses this context's trust (and key) managers; its session cache is then the one shared. */
        public Builder sslContext(SSLContext context) { this.context = Objects.requireNonNull(context, "context"); return this; }

        /** Presents this certificate chain and PKCS#8 key to a server that asks for one (mutual TLS). */
        public Builder identity(Path certificateChain, Path privateKey) {
            this.certificateFile = Objects.requireNonNull(certificateChain, "certificateChain");
            this.keyFile = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /** The name to send as SNI and to check the certificate against, instead of the address's host. */
        public Builder serverName(String name) { this.serverName = name; return this; }

        /**
         * Whether to check that the certificate is valid for the server's name; true by default.
         * The chain is checked either way.
         */
        public Builder verifyHostname(boolean verify) { this.verifyHostname = verify; return this; }

        /** The versions to offer; {@code versions(TLS_1_3, TLS_1_2)} also reaches TLS 1.2 servers. */
        public Builder versions(TlsVersion... versions) { this.versions = ConfigChecks.versionSet(versions); return this; }

        /**
         * Reads and checks the files.
         *
         * @throws IllegalArgumentException naming the field, the file and what is wrong with it
         */
        public ClientTls build() {
            return new ClientTls(this);
        }
    }
}

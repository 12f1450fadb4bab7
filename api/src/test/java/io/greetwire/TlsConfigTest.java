package io.greetwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greetwire.tck.TestCerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS settings: defaults, and errors that name the field, the file and what is wrong. */
class TlsConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaults() {
        TestCerts.Pair p = TestCerts.server();
        ServerTls s = ServerTls.fromPem(p.chain(), p.key()).build();
        assertThat(s.versions()).containsExactly(TlsVersion.TLS_1_3);
        assertThat(s.protocolNames()).containsExactly("TLSv1.3");
        assertThat(s.clientAuth()).isFalse();
        assertThat(s.handshakeTimeout()).isEqualTo(Duration.ofSeconds(ServerTls.DEFAULT_HANDSHAKE_TIMEOUT_SECONDS));
        assertThat(s.certificateChainFile()).contains(p.chain());
        ClientTls c = ClientTls.defaults();
        assertThat(c.verifyHostname()).isTrue();
        assertThat(c.trustFile()).isEmpty();
        assertThat(c.serverName()).isEmpty();
        assertThat(ClientTls.builder().versions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3).build().protocolNames())
                .containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(ServerConfig.builder().build().tls()).isEmpty();
        assertThat(ClientConfig.builder().tls(c).build().tls()).contains(c);
    }

    @Test
    void rsaKeysAndClientCa() {
        TestCerts.Pair p = TestCerts.serverRsa();
        ServerTls s = ServerTls.fromPem(p.chain(), p.key()).clientCa(TestCerts.ca()).build();
        assertThat(s.clientAuth()).isTrue();
        assertThat(s.clientCaFile()).contains(TestCerts.ca());
    }

    @Test
    void aMissingFileIsNamed() {
        Path nowhere = dir.resolve("nowhere.pem");
        assertThatThrownBy(() -> ServerTls.fromPem(nowhere, TestCerts.server().key()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("certificateChain: cannot read " + nowhere);
        assertThatThrownBy(() -> ClientTls.builder().trust(nowhere).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("trust: cannot read " + nowhere);
    }

    @Test
    void anOldStyleKeySaysHowToConvertIt() throws Exception {
        Path ec = dir.resolve("ec.key");
        Files.writeString(ec, "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ServerTls.fromPem(TestCerts.server().chain(), ec).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("privateKey: " + ec + " holds a EC PRIVATE KEY block")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void aFileWithoutTheBlockSaysSo() throws Exception {
        Path empty = dir.resolve("empty.pem");
        Files.writeString(empty, "nothing here\n");
        assertThatThrownBy(() -> ServerTls.fromPem(empty, TestCerts.server().key()).build())
                .hasMessage("certificateChain: no -----BEGIN CERTIFICATE----- block in " + empty);
        assertThatThrownBy(() -> ServerTls.fromPem(TestCerts.server().chain(), empty).build())
                .hasMessage("privateKey: no -----BEGIN PRIVATE KEY----- block in " + empty);
    }

    @Test
    void aKeyOfAnotherAlgorithmThanTheCertificateIsRefused() {
        assertThatThrownBy(() -> ServerTls.fromPem(TestCerts.server().chain(), TestCerts.serverRsa().key()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is an RSA key but the certificate in " + TestCerts.server().chain() + " has an EC key");
    }

    @Test
    void badValues() throws Exception {
        TestCerts.Pair p = TestCerts.server();
        assertThatThrownBy(() -> ServerTls.fromPem(p.chain(), p.key()).versions().build())
                .hasMessage("versions: must name at least one TLS version, got none");
        assertThatThrownBy(() -> ServerTls.fromPem(p.chain(), p.key()).handshakeTimeout(Duration.ZERO).build())
                .hasMessage("handshakeTimeout: must be positive, got PT0S");
        assertThatThrownBy(() -> ClientTls.builder().serverName("example.com.").build())
                .hasMessage("serverName: must be a host name without a trailing dot, got 'example.com.'");
        assertThatThrownBy(() -> ServerTls.fromContext(SSLContext.getDefault()).clientCa(TestCerts.ca()).build())
                .hasMessageStartingWith("clientCa: a server built from an SSLContext takes its trust from that context");
    }
}

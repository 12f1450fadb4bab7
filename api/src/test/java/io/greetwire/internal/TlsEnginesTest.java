package io.greetwire.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import org.junit.jupiter.api.Test;

/** The session cache's key of a client engine: what makes a second fetch resume. */
class TlsEnginesTest {
    @Test
    void aTcpAddressKeepsItsPort() {
        assertThat(TlsEngines.sessionPort(new InetSocketAddress("127.0.0.1", 8443))).isEqualTo(8443);
    }

    @Test
    void aUnixSocketGetsAPortAboveTheTcpRangeTheSameForTheSamePath() {
        int a = TlsEngines.sessionPort(UnixDomainSocketAddress.of("/run/greet/a.sock"));
        // -1 would mean no caching at all: the JDK keeps no client session without a port
        assertThat(a).isGreaterThan(65_535);
        assertThat(TlsEngines.sessionPort(UnixDomainSocketAddress.of("/run/greet/a.sock"))).isEqualTo(a);
        assertThat(TlsEngines.sessionPort(UnixDomainSocketAddress.of("/run/greet/b.sock"))).isNotEqualTo(a);
    }
}

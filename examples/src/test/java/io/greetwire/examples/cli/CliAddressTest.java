package io.greetwire.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class CliAddressTest {
    private static String hp(String host, int port) throws Exception {
        return Cli.hostPort(new InetSocketAddress(InetAddress.getByName(host), port));
    }

    @Test
    void hostPort_isShortAndBracketsIpv6() throws Exception {
        assertThat(hp("127.0.0.1", 20000)).isEqualTo("127.0.0.1:20000");
        assertThat(hp("::1", 20000)).isEqualTo("[::1]:20000");
        assertThat(hp("::", 20000)).isEqualTo("[::]:20000");
        assertThat(hp("0.0.0.0", 1)).isEqualTo("0.0.0.0:1");
        assertThat(hp("2001:db8:0:0:1:0:0:1", 7)).isEqualTo("[2001:db8::1:0:0:1]:7");
        assertThat(hp("fe80:0:0:0:0:0:0:5", 7)).isEqualTo("[fe80::5]:7");
        assertThat(hp("2001:db8:1:2:3:4:5:6", 7)).isEqualTo("[2001:db8:1:2:3:4:5:6]:7");
    }
}

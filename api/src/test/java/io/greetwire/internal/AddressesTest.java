package io.greetwire.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void ipv4Only_forASpecificIpv4Address_only() throws Exception {
        assertThat(Addresses.ipv4Only(new InetSocketAddress("127.0.0.1", 20000))).isEqualTo(StandardProtocolFamily.INET);
        // A wildcard keeps dual stack (IPv6 clients still reach 0.0.0.0), as do IPv6 and unresolved names.
        assertThat(Addresses.ipv4Only(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 20000))).isNull();
        assertThat(Addresses.ipv4Only(new InetSocketAddress("::1", 20000))).isNull();
        assertThat(Addresses.ipv4Only(InetSocketAddress.createUnresolved("localhost", 20000))).isNull();
        assertThat(Addresses.ipv4Only(UnixDomainSocketAddress.of("/tmp/x.sock"))).isNull();
    }

    @Test
    void openTcpServer_onAnIpv4Address_isAnIpv4Socket_andOnTheWildcard_dualStack() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp6")), "needs Linux /proc/net");
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        try (ServerSocketChannel server = Addresses.openTcpServer(loopback)) {
            server.bind(loopback);
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            // The kernel lists an IPv4 socket in /proc/net/tcp, an IPv6 (dual-stack) one in tcp6.
            assertThat(listed("/proc/net/tcp", port)).isTrue();
            assertThat(listed("/proc/net/tcp6", port)).isFalse();
        }
        InetSocketAddress any = new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0);
        try (ServerSocketChannel server = Addresses.openTcpServer(any)) {
            server.bind(any);
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            assertThat(listed("/proc/net/tcp6", port)).isTrue();
        }
    }

    private static boolean listed(String table, int port) throws java.io.IOException {
        String hexPort = String.format(":%04X", port);
        return Files.readAllLines(Path.of(table)).stream().skip(1)
                .anyMatch(l -> l.trim().split("\\s+")[1].endsWith(hexPort));
    }
}

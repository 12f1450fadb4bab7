package io.greetwire.netty;

import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * Converts between the JDK's Unix socket address, which Greetwire's API and Netty's NIO domain
 * channels use, and Netty's {@link DomainSocketAddress}, which its epoll and io_uring domain
 * channels use. Touched only on those flavours, so {@code netty-transport-native-unix-common}
 * (brought by their classes jars) may be missing otherwise.
 */
final class UnixNatives {
    private UnixNatives() { }

    static SocketAddress toNetty(UnixDomainSocketAddress address) {
        return new DomainSocketAddress(address.getPath().toString());
    }

    /** The JDK's form of {@code address} if it is Netty's domain socket address, else {@code address}. */
    static SocketAddress toJdk(SocketAddress address) {
        if (address instanceof DomainSocketAddress) {
            return UnixDomainSocketAddress.of(((DomainSocketAddress) address).path());
        }
        return address;
    }
}

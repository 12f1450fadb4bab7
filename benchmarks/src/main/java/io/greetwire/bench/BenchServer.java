package io.greetwire.bench;

import java.net.SocketAddress;

/** A running server under test: one of Greetwire's transports or a hand-written baseline. */
public interface BenchServer extends AutoCloseable {
    /** The bound address: loopback and a port, or a Unix socket path. */
    SocketAddress address();

    /** What runs, e.g. {@code netty/io_uring} or {@code base-nio}. */
    String describe();

    /** Connections that got their whole greeting, or -1 if the server does not count. */
    long greeted();

    @Override
    void close();
}

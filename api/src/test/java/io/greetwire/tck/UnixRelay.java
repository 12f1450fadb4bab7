package io.greetwire.tck;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Relays between a Unix socket and TCP, byte for byte, passing an end of stream (FIN) on as a
 * half-close: puts a TCP peer (e.g. a {@link HostileServer}) behind a Unix socket, so whatever it
 * does with its records on TCP (a FIN without close_notify) reaches a Unix client unchanged; or a
 * Unix server behind a loopback port, so a JDK {@code SSLSocket} can be its misbehaving client.
 * Threads are named {@code hostile-relay}.
 */
public final class UnixRelay implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Path path;
    private final Thread thread;
    private final List<SocketChannel> channels = new CopyOnWriteArrayList<>();

    private UnixRelay(Path path, SocketAddress peer) throws IOException {
        this.path = path;
        if (path != null) {
            this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
        } else {
            this.server = ServerSocketChannel.open(StandardProtocolFamily.INET);
            server.bind(new InetSocketAddress(TestNet.LOOPBACK, 0));
        }
        thread = new Thread(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel unix = server.accept();
                    channels.add(unix);
                    SocketChannel tcp = SocketChannel.open(peer);
                    channels.add(tcp);
                    pump(unix, tcp);
                    pump(tcp, unix);
                } catch (IOException e) {
                    // closed, or the peer is gone: next
                }
            }
        }, "hostile-relay-accept");
        thread.setDaemon(true);
        thread.start();
    }

    /** A relay listening at the Unix socket {@code path} (which must not exist) to the TCP {@code peer}. */
    public static UnixRelay start(Path path, InetSocketAddress peer) throws IOException {
        return new UnixRelay(path, peer);
    }

    /** A relay listening on an ephemeral loopback port to the Unix socket {@code peer}. */
    public static UnixRelay fromTcp(UnixDomainSocketAddress peer) throws IOException {
        return new UnixRelay(null, peer);
    }

    /** Where the relay listens: the Unix socket's address, or the loopback port's. */
    public SocketAddress address() throws IOException {
        return path != null ? UnixDomainSocketAddress.of(path) : server.getLocalAddress();
    }

    private static void pump(SocketChannel from, SocketChannel to) {
        Thread t = new Thread(() -> {
            ByteBuffer b = ByteBuffer.allocate(16 * 1024);
            try {
                while (from.read(b) >= 0) {
                    b.flip();
                    while (b.hasRemaining()) {
                        to.write(b);
                    }
                    b.clear();
                }
                to.shutdownOutput(); // the FIN, passed on
            } catch (IOException e) {
                // one side went away: close() ends the other
            }
        }, "hostile-relay");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SocketChannel c : channels) {
            c.close();
        }
        if (path != null) {
            Files.deleteIfExists(path);
        }
    }
}

package io.greetwire.tck;

import java.io.IOException;
import java.net.InetSocketAddress;
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
 * Puts a TCP peer (e.g. a {@link HostileServer}) behind a Unix socket: each connection to the
 * socket is relayed byte for byte to a new connection to the peer, and an end of stream (FIN) is
 * passed on as a half-close, so whatever the peer does with its records on TCP (a FIN without
 * close_notify) reaches a Unix client unchanged. Threads are named {@code hostile-relay}.
 */
public final class UnixRelay implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Path path;
    private final Thread thread;
    private final List<SocketChannel> channels = new CopyOnWriteArrayList<>();

    private UnixRelay(Path path, InetSocketAddress peer) throws IOException {
        this.path = path;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
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

    /** A relay listening at {@code path} (which must not exist) to {@code peer}. */
    public static UnixRelay start(Path path, InetSocketAddress peer) throws IOException {
        return new UnixRelay(path, peer);
    }

    /** The Unix socket's address. */
    public UnixDomainSocketAddress address() {
        return UnixDomainSocketAddress.of(path);
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
        Files.deleteIfExists(path);
    }
}

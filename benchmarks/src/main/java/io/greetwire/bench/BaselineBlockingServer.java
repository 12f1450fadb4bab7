package io.greetwire.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor of the blocking model: one thread that accepts, writes the greeting and closes, like
 * the seed's C server in a loop. Nothing else: no limits, no timeouts, no counters beyond one.
 * On a Unix socket, the same on a blocking {@link ServerSocketChannel}.
 */
final class BaselineBlockingServer implements BenchServer {
    private final ServerSocket socket;
    private final ServerSocketChannel unix;
    private final SocketAddress address;
    private final byte[] greeting;
    private final ByteBuffer direct;
    private final Thread thread;
    private final AtomicLong greeted = new AtomicLong();
    private volatile boolean closed;

    BaselineBlockingServer(byte[] greeting, SocketAddress bindTo) throws IOException {
        this.greeting = greeting;
        this.direct = ByteBuffer.allocateDirect(greeting.length).put(greeting).flip();
        if (bindTo instanceof UnixDomainSocketAddress) {
            socket = null;
            unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            unix.bind(bindTo, 1024);
            address = unix.getLocalAddress();
        } else {
            unix = null;
            socket = Ipv4.openServer(bindTo).socket(); // as the blocking transport: IPv4-only, the channel's close
            socket.setReuseAddress(true);
            socket.bind(bindTo, 1024);
            address = socket.getLocalSocketAddress();
        }
        thread = new Thread(unix != null ? this::unixLoop : this::loop, "base-blocking");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!closed) {
            try (Socket s = socket.accept()) {
                OutputStream out = s.getOutputStream();
                out.write(greeting);
                greeted.incrementAndGet();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // a peer that reset: go on with the next one
            }
        }
    }

    private void unixLoop() {
        while (!closed) {
            try (SocketChannel ch = unix.accept()) {
                ByteBuffer b = direct.duplicate();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                greeted.incrementAndGet();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    @Override
    public SocketAddress address() {
        return address;
    }

    @Override
    public String describe() {
        return Servers.BASE_PREFIX + "blocking";
    }

    @Override
    public long greeted() {
        return greeted.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (socket != null) {
                socket.close();
            } else {
                unix.close();
            }
        } catch (IOException ignored) {
            // closing
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.greetwire.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor of the blocking model: one thread that accepts, writes the greeting and closes, like
 * the seed's C server in a loop. Nothing else: no limits, no timeouts, no counters beyond one.
 */
final class BaselineBlockingServer implements BenchServer {
    private final ServerSocket socket;
    private final byte[] greeting;
    private final Thread thread;
    private final AtomicLong greeted = new AtomicLong();
    private volatile boolean closed;

    BaselineBlockingServer(byte[] greeting, int port) throws IOException {
        this.greeting = greeting;
        socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        thread = new Thread(this::loop, "base-blocking-" + socket.getLocalPort());
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

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
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
            socket.close();
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

package io.greetwire.tck;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Plain-socket servers that misbehave on purpose, for the client-side fault tests. Each serves
 * every connection the same way on one thread of its own (named {@code hostile-...}, so leak
 * checks for {@code greetwire-} threads do not see it) until closed.
 */
public final class HostileServer implements AutoCloseable {

    /** What to do with each accepted socket. */
    @FunctionalInterface
    public interface Behaviour {
        void serve(Socket s, ScheduledExecutorService timer) throws IOException;
    }

    private final ServerSocket server;
    private final Thread thread;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "hostile-timer");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private HostileServer(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 50, TestNet.LOOPBACK);
        thread = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    sockets.add(s);
                    if (server.isClosed()) { // close() may have swept the list before the add
                        s.close();
                        break;
                    }
                    behaviour.serve(s, timer);
                } catch (IOException e) {
                    // closed, or the peer went away: next
                }
            }
        }, "hostile-accept");
        thread.setDaemon(true);
        thread.start();
    }

    public static HostileServer start(Behaviour behaviour) throws IOException {
        return new HostileServer(behaviour);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Streams bytes without end (until the peer goes away). */
    public static Behaviour endless() {
        return (s, timer) -> new Thread(() -> {
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = s.getOutputStream()) {
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException expected) {
                // the client stopped reading and closed
            }
        }, "hostile-endless").start();
    }

    /** Sends one byte a second, never closing of its own accord. */
    public static Behaviour drip() {
        return (s, timer) -> timer.scheduleAtFixedRate(() -> {
            try {
                s.getOutputStream().write('.');
            } catch (IOException e) {
                throw new IllegalStateException(e); // ends this connection's task
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    /** Sends {@code bytes}, then resets the connection (RST instead of FIN). */
    public static Behaviour resetAfter(byte[] bytes) {
        return (s, timer) -> {
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            s.setSoLinger(true, 0);
            s.close();
        };
    }

    /** Sends {@code bytes} and closes normally. */
    public static Behaviour send(byte[] bytes) {
        return (s, timer) -> {
            try (s) {
                s.getOutputStream().write(bytes);
            }
        };
    }

    /** Accepts and says nothing (the socket stays open until the server is closed). */
    public static Behaviour silent() {
        return (s, timer) -> { };
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            // Accept thread first: a socket it accepted just before the close is in the list
            // (or closed by the thread itself) once it has ended.
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket s : sockets) {
            s.close();
        }
        timer.shutdownNow();
    }
}

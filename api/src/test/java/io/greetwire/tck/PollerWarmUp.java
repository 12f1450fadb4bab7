package io.greetwire.tck;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * For {@link LeakCheck}, a class of its own: its virtual threads run this class's code, which
 * must not wait for {@code LeakCheck}'s initialisation, from which this runs.
 */
final class PollerWarmUp {
    private PollerWarmUp() { }

    /**
     * On JDK 21 and later, the first blocking socket operations of virtual threads make the JDK
     * open its pollers (epoll descriptors kept for the life of the JVM, one set per carrier
     * thread). They are made here, before any baseline, by a few virtual threads that block in a
     * read and a write at once; on JDK 17 there is nothing to do.
     */
    static void run() {
        java.lang.reflect.Method ofVirtual;
        try {
            ofVirtual = Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException e) {
            return; // JDK 17-20
        }
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 64, TestNet.LOOPBACK)) {
            server.setSoTimeout(10_000);
            int n = 2 * Runtime.getRuntime().availableProcessors() + 2;
            List<java.net.Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            Object builder = ofVirtual.invoke(null);
            java.lang.reflect.Method unstarted = Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class);
            java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                boolean reader = i % 2 == 0;
                Thread t = (Thread) unstarted.invoke(builder, (Runnable) () -> {
                    try (java.net.Socket c = new java.net.Socket(TestNet.LOOPBACK, server.getLocalPort())) {
                        sockets.add(c);
                        blocked.countDown();
                        if (reader) {
                            c.getInputStream().read(); // parks on a read poller until the peer closes
                        } else {
                            byte[] chunk = new byte[1 << 20];
                            while (true) {
                                c.getOutputStream().write(chunk); // parks on a write poller when the buffers are full
                            }
                        }
                    } catch (IOException ignored) {
                        // closed: done
                    }
                });
                threads.add(t);
                t.start();
            }
            List<java.net.Socket> accepted = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                accepted.add(server.accept());
            }
            blocked.await(10, java.util.concurrent.TimeUnit.SECONDS);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (threads.stream().anyMatch(t -> t.getState() != Thread.State.WAITING) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000L);
            }
            for (java.net.Socket s : accepted) {
                s.setSoLinger(true, 0);
                s.close();
            }
            for (Thread t : threads) {
                t.join(10_000);
            }
        } catch (Exception | LinkageError e) {
            System.out.println("LeakCheck: could not warm the virtual-thread pollers: " + e);
        }
    }
}

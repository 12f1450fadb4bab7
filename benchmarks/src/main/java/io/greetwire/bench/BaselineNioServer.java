package io.greetwire.bench;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor of the selector model: one thread, one selector; accept, write as much as the socket
 * takes (all of it, for anything that fits the send buffer), finish on OP_WRITE, close.
 */
final class BaselineNioServer implements BenchServer {
    private final ServerSocketChannel server;
    private final Selector selector;
    private final ByteBuffer greeting;
    private final Thread thread;
    private final AtomicLong greeted = new AtomicLong();
    private volatile boolean closed;

    BaselineNioServer(byte[] bytes, java.net.SocketAddress bindTo) throws IOException {
        greeting = ByteBuffer.allocateDirect(bytes.length);
        greeting.put(bytes).flip();
        selector = Selector.open();
        if (bindTo instanceof java.net.UnixDomainSocketAddress) {
            server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
        } else {
            server = Ipv4.openServer(bindTo);
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        }
        server.bind(bindTo, 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::loop, "base-nio");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (!closed) {
                selector.select();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.isWritable()) {
                        write((SocketChannel) key.channel(), (ByteBuffer) key.attachment(), key);
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                throw new java.io.UncheckedIOException(e);
            }
        } finally {
            for (SelectionKey k : selector.keys()) {
                try {
                    k.channel().close();
                } catch (IOException ignored) {
                    // shutting down
                }
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            write(ch, greeting.duplicate(), null);
        }
    }

    private void write(SocketChannel ch, ByteBuffer buf, SelectionKey key) {
        try {
            ch.write(buf);
            if (buf.hasRemaining()) {
                if (key == null) {
                    ch.register(selector, SelectionKey.OP_WRITE, buf);
                }
                return;
            }
            greeted.incrementAndGet();
        } catch (IOException e) {
            // a peer that reset: drop it
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public java.net.SocketAddress address() {
        try {
            return server.getLocalAddress();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public String describe() {
        return Servers.BASE_PREFIX + "nio";
    }

    @Override
    public long greeted() {
        return greeted.get();
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(5_000);
            server.close();
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing
        }
    }
}

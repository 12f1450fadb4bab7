package io.greetwire.blocking;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingException;
import io.greetwire.internal.GreetingReader;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One fetch over a Unix domain socket on a blocking {@link SocketChannel} ({@code java.net.Socket}
 * has no Unix sockets). A channel read has no timeout of its own, so a timer closes the channel at
 * the connect deadline (a full backlog blocks connect) and then at the read deadline.
 */
final class UnixFetch implements AutoCloseable {
    private static final int READ_CHUNK = 64 * 1024;

    private final ClientConfig config;
    private final UnixDomainSocketAddress server;
    private final SocketChannel channel;
    private volatile boolean timedOut;

    UnixFetch(ClientConfig config, UnixDomainSocketAddress server) throws IOException {
        this.config = config;
        this.server = server;
        this.channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    }

    /** Connects and reads to the end of the stream, closing the channel at whichever deadline passes. */
    Greeting run(GreetingReader reader, ScheduledExecutorService timer) throws GreetingException {
        ScheduledFuture<?> deadline = timer.schedule(this::expire, config.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        try {
            channel.connect(server);
            deadline.cancel(false);
            reader.connected(channel.getLocalAddress());
            deadline = timer.schedule(this::expire, config.readTimeout().toNanos(), TimeUnit.NANOSECONDS);
            ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK);
            while (true) {
                chunk.clear().limit(Math.min(READ_CHUNK, reader.readLimit()));
                if (channel.read(chunk) < 0) {
                    return reader.finish();
                }
                chunk.flip();
                reader.append(chunk);
            }
        } catch (AsynchronousCloseException e) {
            if (!timedOut) {
                throw reader.failure(GreetingException.Kind.CLOSED, "the client was closed during the fetch", e);
            }
            throw reader.isConnected()
                    ? reader.failure(GreetingException.Kind.READ_TIMEOUT, "no close within readTimeout="
                            + config.readTimeout() + " (" + reader.size() + " bytes read)", e)
                    : reader.failure(GreetingException.Kind.CONNECT_TIMEOUT, "no connection within connectTimeout="
                            + config.connectTimeout(), e);
        } catch (IOException e) {
            throw reader.failure(e);
        } finally {
            deadline.cancel(false);
        }
    }

    private void expire() {
        timedOut = true;
        close();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the fetch's outcome is already decided
        }
    }
}

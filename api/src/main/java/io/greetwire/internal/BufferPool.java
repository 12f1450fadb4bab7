package io.greetwire.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Heap buffers of one size class for the TLS sessions of a server or client, so that a
 * connection costs no buffer allocation once the pool is warm. Buffers bigger than the size class
 * (an engine that asks for more) are made and dropped. Bounded: at most {@code max} idle buffers.
 */
public final class BufferPool {
    /** The size of a TLS record with its overhead (what {@code getPacketBufferSize()} says): {@value}. */
    public static final int TLS_BUFFER = 16 * 1024 + 2048 + 512;

    private final int size;
    private final int max;
    private final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    /** A pool of buffers of {@code size} bytes keeping at most {@code max} idle. */
    public BufferPool(int size, int max) {
        this.size = size;
        this.max = max;
    }

    /** A cleared buffer of at least {@code capacity} bytes, in fill mode. */
    public ByteBuffer take(int capacity) {
        if (capacity <= size) {
            ByteBuffer b = idle.poll();
            if (b != null) {
                count.decrementAndGet();
                return b.clear();
            }
            return ByteBuffer.allocate(size);
        }
        return ByteBuffer.allocate(capacity);
    }

    /** Returns a buffer; one of another size, or past the bound, is dropped. */
    public void give(ByteBuffer b) {
        if (b.capacity() == size && count.incrementAndGet() <= max) {
            idle.offer(b);
        } else if (b.capacity() == size) {
            count.decrementAndGet();
        }
    }
}

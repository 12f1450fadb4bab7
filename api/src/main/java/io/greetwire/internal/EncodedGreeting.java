package io.greetwire.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A greeting's bytes, encoded once and shared by every connection that sends them. Never
 * modified: connections write from {@linkplain ByteBuffer#duplicate() duplicates} of
 * {@link #directBuffer()} or from {@link #writeTo(OutputStream)}, so a 16 MiB greeting costs
 * 16 MiB once, not once per connection.
 */
public final class EncodedGreeting {
    private final byte[] bytes;
    private volatile ByteBuffer direct;
    private volatile Object attachment;

    /** Takes the array over; the caller must not change it afterwards. */
    public EncodedGreeting(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The number of bytes. */
    public int length() {
        return bytes.length;
    }

    /** Writes the bytes to a stream. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
    }

    /** Writes {@code len} bytes from {@code off} (for writers that go in slices). */
    public void writeTo(OutputStream out, int off, int len) throws IOException {
        out.write(bytes, off, len);
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, bytes.length);
    }

    /** A new read-only heap view of the bytes: for a greeting written once, where a direct copy would not pay. */
    public ByteBuffer heapBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /**
     * A new read-only view (own position and limit) of one direct buffer holding the bytes. The
     * direct buffer is made on first use and shared; it saves the JDK's copy into a temporary
     * direct buffer on every channel write.
     */
    public ByteBuffer directBuffer() {
        ByteBuffer d = direct;
        if (d == null) {
            synchronized (this) {
                d = direct;
                if (d == null) {
                    ByteBuffer b = ByteBuffer.allocateDirect(bytes.length);
                    b.put(bytes).flip();
                    direct = d = b.asReadOnlyBuffer();
                }
            }
        }
        return d.duplicate();
    }

    /**
     * A transport's own form of these bytes (a Netty {@code ByteBuf}, say), made once by
     * {@code maker} and kept here, so it lives exactly as long as this greeting. One transport per
     * greeting: a server's greetings are used by that server alone.
     */
    @SuppressWarnings("unchecked")
    public <T> T attachment(Function<EncodedGreeting, T> maker) {
        Object a = attachment;
        if (a == null) {
            synchronized (this) {
                a = attachment;
                if (a == null) {
                    attachment = a = maker.apply(this);
                }
            }
        }
        return (T) a;
    }
}

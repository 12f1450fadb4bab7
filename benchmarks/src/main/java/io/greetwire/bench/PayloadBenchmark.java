package io.greetwire.bench;

import io.greetwire.GreetingFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Payload throughput: one greeting of {@code size} bytes (format TEXT, a fixed text) per fetch,
 * one client thread. JMH reports greetings/s; bytes/s is that times {@code size} (the report does
 * the multiplication).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PayloadBenchmark extends ServerClientState {

    /** 64 B, 64 KiB, 1 MiB, 16 MiB. */
    @Param({"64", "65536", "1048576", "16777216"})
    public int size;

    /**
     * {@code tcp}: loopback TCP; {@code unix}: a Unix domain socket. Only {@code tcp} by default;
     * e.g. {@code -p channel=tcp,unix} (the report puts the Unix rows beside their TCP twins).
     */
    @Param({"tcp"})
    public String channel;

    @Override
    protected String channel() {
        return channel;
    }

    /**
     * {@code none} or {@code resumed} (see {@link BenchTls}): only {@code none} by default, since the
     * baselines and the raw client speak no TLS; e.g. {@code -p tls=none,resumed -p client=nio}.
     */
    @Param({"none"})
    public String tls;

    @Override
    protected String tls() {
        return tls;
    }

    /**
     * Starts a server of a {@code size}-byte TEXT greeting, and the client.
     *
     * @throws Exception if either cannot start
     */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        open(new Servers.Greeting(GreetingFormat.TEXT, "x".repeat(size)), size);
    }

    /**
     * One fetch of the whole greeting.
     *
     * @return its length
     * @throws Exception if the fetch fails or is short
     */
    @Benchmark
    public int transfer() throws Exception {
        int n = fetchChecked();
        if (n != size) {
            throw new IllegalStateException("server " + server + " sent " + n + " bytes to client " + client
                    + ", expected " + size);
        }
        return n;
    }

    /** Closes the client and the server. */
    @TearDown(Level.Trial)
    public void teardown() {
        closeAll();
    }
}

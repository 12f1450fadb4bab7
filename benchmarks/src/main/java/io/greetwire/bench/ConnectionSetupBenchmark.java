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
 * Connection setup: the latency of one {@code fetch} of the seed's 255-byte greeting (connect,
 * handshake, greeting, end of stream, close) from one client thread.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConnectionSetupBenchmark extends ServerClientState {

    /** {@code tcp}: loopback TCP; {@code unix}: a Unix domain socket (no handshake, no ports). */
    @Param({"tcp", "unix"})
    public String channel;

    @Override
    protected String channel() {
        return channel;
    }

    /**
     * Starts the server and the client.
     *
     * @throws Exception if either cannot start
     */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        open(new Servers.Greeting(GreetingFormat.SEED, null), GreetingFormat.SEED_LENGTH);
    }

    /**
     * One fetch of the seed's greeting, connect to close.
     *
     * @return the greeting's length, so that nothing is optimised away
     * @throws Exception if the fetch fails
     */
    @Benchmark
    public int fetch() throws Exception {
        return fetchChecked();
    }

    /** Closes the client and the server. */
    @TearDown(Level.Trial)
    public void teardown() {
        closeAll();
    }
}

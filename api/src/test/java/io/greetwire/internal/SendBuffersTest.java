package io.greetwire.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.greetwire.ServerConfig;
import org.junit.jupiter.api.Test;

class SendBuffersTest {
    private static final ServerConfig DEFAULT = ServerConfig.builder().build();
    private static final int BOUND = ServerConfig.DEFAULT_SEND_BUFFER_SIZE;
    private static final int PROOF = BOUND * SendBuffers.PROOF_FACTOR;
    private static final int BIG = 16 << 20;

    @Test
    void onlyAGreetingLargerThanTheBound_isBounded_andNoneWithTheBoundOff() {
        assertThat(SendBuffers.bounded(DEFAULT, BOUND)).isFalse();
        assertThat(SendBuffers.bounded(DEFAULT, BOUND + 1)).isTrue();
        assertThat(SendBuffers.bounded(ServerConfig.builder().sendBufferSize(0).build(), BIG)).isFalse();
    }

    @Test
    void aUnixSocket_keepsTheKernelsFixedDefault_andNeverGrows() {
        ServerConfig unix = ServerConfig.builder().unixPath(java.nio.file.Path.of("/tmp/greetwire-test.sock")).build();
        assertThat(SendBuffers.bounded(unix, BIG)).isFalse();
        assertThat(SendBuffers.grows(unix, BIG, 0, BIG)).isFalse();
    }

    @Test
    void grows_exactlyOnce_atTheWriteThatCrossesTheProof() {
        assertThat(SendBuffers.proof(DEFAULT, BIG)).isEqualTo(PROOF);
        assertThat(SendBuffers.grows(DEFAULT, BIG, 0, PROOF - 1)).isFalse();
        assertThat(SendBuffers.grows(DEFAULT, BIG, PROOF - 1, PROOF)).isTrue();
        assertThat(SendBuffers.grows(DEFAULT, BIG, 0, BIG)).isTrue(); // one write past it
        assertThat(SendBuffers.grows(DEFAULT, BIG, PROOF, PROOF + 1)).isFalse(); // already grown
        assertThat(SendBuffers.readerSize(DEFAULT)).isEqualTo(BOUND * SendBuffers.READER_FACTOR);
    }

    @Test
    void aGreetingNoLargerThanTheProof_neverGrows_andAnUnboundedOneNeither() {
        assertThat(SendBuffers.proof(DEFAULT, PROOF)).isEqualTo(PROOF);
        assertThat(SendBuffers.grows(DEFAULT, PROOF, 0, PROOF)).isFalse();
        ServerConfig off = ServerConfig.builder().sendBufferSize(0).build();
        assertThat(SendBuffers.proof(off, BIG)).isEqualTo(BIG);
        assertThat(SendBuffers.grows(off, BIG, 0, BIG)).isFalse();
    }

    @Test
    void aHugeBound_neitherOverflowsTheProofNorTheReaderSize() {
        ServerConfig huge = ServerConfig.builder().sendBufferSize(Integer.MAX_VALUE / 2).build();
        assertThat(SendBuffers.proof(huge, Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
        assertThat(SendBuffers.readerSize(huge)).isEqualTo(Integer.MAX_VALUE);
    }
}

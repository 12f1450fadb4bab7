package io.greetwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The benchmarks' own command lines: help, one-line errors, exit codes; nothing is benchmarked. */
class BenchCommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    @Test
    void everyCommand_hasHelp() {
        for (String name : BenchCommands.NAMES) {
            assertThat(BenchCommands.execute(name, "--help")).as(name).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: " + name);
        }
    }

    @Test
    void aMissingValue_isAUsageError_notAStackTrace() {
        assertThat(BenchCommands.execute("serve", "nio", "--port")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required parameter for option '--port'")
                .contains("Usage: serve").doesNotContain("Exception");
    }

    @Test
    void aBadNumber_namesTheOptionAndTheValue() {
        assertThat(BenchCommands.execute("serve", "nio", "--io-threads", "two")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--io-threads").contains("'two'");
    }

    @Test
    void anUnknownOption_andAMissingResultsFile_areUsageErrors() {
        assertThat(BenchCommands.execute("quick", "--fast")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option: '--fast'");
        assertThat(BenchCommands.execute("report")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required parameter: 'RESULTS.json'");
    }
}

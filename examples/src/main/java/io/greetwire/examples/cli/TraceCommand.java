package io.greetwire.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code trace}: being written on its own branch; until it lands it says so and fails. */
@Command(name = "trace", mixinStandardHelpOptions = true, description = "Not built yet.")
final class TraceCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("greetwire trace: not built yet");
        return 1;
    }
}
